import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'default-image-name';

/** Returns the files of services `base` (built from ./base, no `image:`) and `app`, in a project directory named `example`. */
function baseAndApp(dockerfile: string, baseExtra = '', appBuild = '    build: ./app\n'): Record<string, string> {
  return {
    'compose.yaml': `services:\n  base:\n${baseExtra}    build: ./base\n  app:\n${appBuild}`,
    'base/Dockerfile': 'FROM alpine\n',
    'app/Dockerfile': dockerfile,
  };
}

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

function messageOf(files: Record<string, string>): string | undefined {
  const root = writeProject(files);
  return lintDirectory(root).findings.find((finding) => finding.ruleId === rule)?.message;
}

describe(rule, () => {
  it.each([
    ['FROM example-base\n', 'app/Dockerfile:1:6-1:18'],
    ['FROM example-base:latest\n', 'app/Dockerfile:1:6-1:25'],
    ['FROM docker.io/library/example-base\n', 'app/Dockerfile:1:6-1:36'],
    ['FROM example_base\n', 'app/Dockerfile:1:6-1:18'],
    ['FROM myapp-base\n', 'app/Dockerfile:1:6-1:16'],
    ['FROM myapp_base\n', 'app/Dockerfile:1:6-1:16'],
    ['FROM alpine\nCOPY --from=example-base /etc/ssl /etc/ssl\n', 'app/Dockerfile:2:13-2:25'],
    ['FROM alpine\nRUN --mount=from=other_base,target=/b ls /b\n', 'app/Dockerfile:2:18-2:28'],
  ])('reports %j', (dockerfile, range) => {
    expect(ofRule(lintFiles(baseAndApp(dockerfile)))).toEqual([`${range} ${rule}`]);
  });

  it('reports with the dependency rule', () => {
    expect(lintFiles(baseAndApp('FROM example-base\n'))).toEqual([
      `app/Dockerfile:1:6-1:18 ${rule}`,
      'app/Dockerfile:1:6-1:18 undeclared-build-dependency',
    ]);
  });

  it('reports the dash form with compatibility', () => {
    const root = writeProject(baseAndApp('FROM example-base\n'));
    const findings = lintDirectory(root, { compatibility: true }).findings.map((finding) => finding.ruleId);
    expect(findings).toEqual([rule]);
  });

  it.each([
    ['another tag', baseAndApp('FROM example-base:1.0\n')],
    ['a repository path', baseAndApp('FROM acme/example-base\n')],
    ['an upstream image', baseAndApp('FROM alpine\n')],
    ['its own default name', baseAndApp('FROM example-app\n')],
    ['another project name for itself', baseAndApp('FROM other-app\n')],
    ['a stage of that name', baseAndApp('FROM alpine AS example-base\nFROM example-base\n')],
    [
      'a declared context',
      baseAndApp('FROM example-base\n', '', '    build:\n      context: ./app\n      additional_contexts:\n        example-base: "service:base"\n'),
    ],
    ['a set image', baseAndApp('FROM example-base\n', '    image: acme/base\n')],
    ['an image of that name', baseAndApp('FROM myapp-base\n', '    image: myapp-base\n')],
  ])('stays clean for %s', (_case, files) => {
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it('stays clean for hyphenated upstream', () => {
    const findings = lintFiles({
      'compose.yaml': 'services:\n  mosquitto:\n    build: ./mosquitto\n  app:\n    build: ./app\n',
      'mosquitto/Dockerfile': 'FROM eclipse-mosquitto:2\n',
      'app/Dockerfile': 'FROM eclipse-mosquitto\n',
    });
    expect(ofRule(findings)).toEqual([]);
  });

  it('prefers the longest service name', () => {
    const files = baseAndApp('FROM acme-app-base\n');
    files['compose.yaml'] += '  app-base:\n    build: ./base\n';
    expect(messageOf(files)).toContain('service "app-base" in a project named "acme"');
  });

  it('says a likely match is likely', () => {
    expect(messageOf(baseAndApp('FROM myapp-base\n'))).toContain('This is a likely match, not a certain one.');
  });

  it('suggests pinning the image', () => {
    const message = messageOf(baseAndApp('FROM example_base\n'));
    expect(message).toContain('set `image: example_base` on service "base"');
    expect(message).toContain('`example_base: "service:base"`');
  });

  it('names the directory dependence', () => {
    expect(messageOf(baseAndApp('FROM example-base\n'))).toContain('the project name comes from the directory name');
  });
});
