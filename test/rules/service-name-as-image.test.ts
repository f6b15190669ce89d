import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'service-name-as-image';

/** Returns the files of a service `base` built from ./base without `image:`, and a consumer `app` with the given Dockerfile. */
function baseAndApp(dockerfile: string, extra = '', appBuild = '    build: ./app\n'): Record<string, string> {
  return {
    'compose.yaml': `services:\n  base:\n    build: ./base\n  app:\n${appBuild}${extra}`,
    'base/Dockerfile': 'FROM alpine\n',
    'app/Dockerfile': dockerfile,
  };
}

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

describe(rule, () => {
  it.each([
    ['FROM base\n', 'app/Dockerfile:1:6-1:10'],
    ['FROM base:latest\n', 'app/Dockerfile:1:6-1:17'],
    ['FROM docker.io/library/base\n', 'app/Dockerfile:1:6-1:28'],
    ['FROM alpine\nCOPY --from=base /etc/ssl /etc/ssl\n', 'app/Dockerfile:2:13-2:17'],
    ['FROM alpine\nRUN --mount=from=base,target=/base ls /base\n', 'app/Dockerfile:2:18-2:22'],
    ['ARG BASE=base\nFROM ${BASE}\n', 'app/Dockerfile:2:6-2:13'],
    ['FROM alpine AS build\nFROM base\nCOPY --from=build /a /b\n', 'app/Dockerfile:2:6-2:10'],
  ])('reports %j', (dockerfile, range) => {
    expect(ofRule(lintFiles(baseAndApp(dockerfile)))).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['stage of that name', baseAndApp('FROM alpine AS base\nFROM base\n')],
    ['another tag', baseAndApp('FROM base:1.0\n')],
    ['the default name', baseAndApp('FROM example-base\n')],
    ['an unrelated image', baseAndApp('FROM alpine\n')],
    ['its own name', baseAndApp('FROM app\n')],
    [
      'a declared context',
      baseAndApp('FROM base\n', '', '    build:\n      context: ./app\n      additional_contexts:\n        base: "service:base"\n'),
    ],
    [
      'a service without build',
      baseAndApp('FROM db\n', '  db:\n    image: postgres:16\n'),
    ],
    [
      'a context of another service',
      baseAndApp('FROM base\n', '  web:\n    build:\n      context: ./app\n      additional_contexts:\n        base: "service:base"\n'),
    ],
  ])('stays clean for %s', (_case, files) => {
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it('stays clean for image name', () => {
    const files = baseAndApp('FROM base\n');
    files['compose.yaml'] = files['compose.yaml']!.replace('  base:\n', '  base:\n    image: base\n');
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it('stays clean for an upstream image', () => {
    const findings = lintFiles({
      'compose.yaml': 'services:\n  nginx:\n    build: ./nginx\n  web:\n    build: ./web\n',
      'nginx/Dockerfile': 'FROM nginx:1.27-alpine\nRUN echo proxy\n',
      'web/Dockerfile': 'FROM nginx\n',
    });
    expect(ofRule(findings)).toEqual([]);
  });

  it('names the image and the entry', () => {
    const root = writeProject(baseAndApp('FROM base\n'));
    const [finding] = lintDirectory(root).findings.filter((candidate) => candidate.ruleId === rule);
    expect(finding?.message).toContain('service "base" builds "example-base" (compose.yaml:2:3)');
    expect(finding?.message).toContain('`base: "service:base"`');
    expect(finding?.message).toContain('"docker.io/library/base:latest"');
  });

  it('offers an unsafe context fix', () => {
    const root = writeProject(baseAndApp('FROM base\n'));
    const [finding] = lintDirectory(root).findings.filter((candidate) => candidate.ruleId === rule);
    expect(finding?.fixes?.map((fix) => [fix.safety, fix.edits.map((edit) => edit.newText).join('')])).toEqual([
      ['unsafe', expect.stringContaining('base: "service:base"')],
    ]);
  });
});
