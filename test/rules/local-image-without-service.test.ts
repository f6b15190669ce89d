import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'local-image-without-service';

/** Returns the files of a service `app` with the given Dockerfile, plus other project files. */
function appWith(dockerfile: string, files: Record<string, string> = {}, services = ''): Record<string, string> {
  return {
    'compose.yaml': `services:\n  app:\n    build: ./app\n${services}`,
    'app/Dockerfile': dockerfile,
    ...files,
  };
}

const mybase = { 'mybase/Dockerfile': 'FROM alpine\n' };

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

describe(rule, () => {
  it.each([
    ['FROM mybase\n', mybase, 'app/Dockerfile:1:6-1:12'],
    ['FROM mybase:latest\n', mybase, 'app/Dockerfile:1:6-1:19'],
    ['FROM acme/mybase\n', mybase, 'app/Dockerfile:1:6-1:17'],
    ['FROM alpine\nCOPY --from=mybase /a /b\n', mybase, 'app/Dockerfile:2:13-2:19'],
    ['FROM mybase\n', { 'docker/mybase/Dockerfile': 'FROM alpine\n' }, 'app/Dockerfile:1:6-1:12'],
    ['FROM mybase\n', { 'a/b/mybase/Dockerfile': 'FROM alpine\n' }, 'app/Dockerfile:1:6-1:12'],
    ['FROM mybase\n', { 'mybase/dockerfile': 'FROM alpine\n' }, 'app/Dockerfile:1:6-1:12'],
  ])('reports %j', (dockerfile, files, range) => {
    expect(ofRule(lintFiles(appWith(dockerfile, files)))).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['no directory', appWith('FROM python\n')],
    ['a directory without Dockerfile', appWith('FROM mybase\n', { 'mybase/README.md': 'base\n' })],
    ['a directory too deep', appWith('FROM mybase\n', { 'a/b/c/mybase/Dockerfile': 'FROM alpine\n' })],
    ['node_modules', appWith('FROM mybase\n', { 'node_modules/mybase/Dockerfile': 'FROM alpine\n' })],
    ['a dot directory', appWith('FROM mybase\n', { '.cache/mybase/Dockerfile': 'FROM alpine\n' })],
    ['another tag', appWith('FROM mybase:1.0\n', mybase)],
    ['a registry', appWith('FROM registry.example.com/mybase\n', mybase)],
    ['localhost', appWith('FROM localhost/mybase\n', mybase)],
    ['a stage of that name', appWith('FROM alpine AS mybase\nFROM mybase\n', mybase)],
    ['a service image', appWith('FROM mybase\n', mybase, '  mybase:\n    image: mybase\n    build: ./mybase\n')],
    [
      'a declared context',
      {
        ...mybase,
        'compose.yaml': 'services:\n  app:\n    build:\n      context: ./app\n      additional_contexts:\n        mybase: ./mybase\n',
        'app/Dockerfile': 'FROM mybase\n',
      },
    ],
  ])('stays clean for %s', (_case, files) => {
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it('stays clean for its own directory', () => {
    const findings = lintFiles({
      'compose.yaml': 'services:\n  nginx:\n    build: ./nginx\n',
      'nginx/Dockerfile': 'FROM nginx\n',
    });
    expect(ofRule(findings)).toEqual([]);
  });

  it('stays clean for an upstream image', () => {
    const files = appWith('FROM nginx\n', { 'nginx/Dockerfile': 'FROM nginx:1.27-alpine\n' }, '  proxy:\n    build: ./nginx\n');
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it('suggests a service and a context', () => {
    const root = writeProject(appWith('FROM mybase\n', mybase));
    const [finding] = lintDirectory(root).findings.filter((candidate) => candidate.ruleId === rule);
    expect(finding?.message).toContain('`mybase: {image: mybase, build: ./mybase}`');
    expect(finding?.message).toContain('`mybase: "service:mybase"`');
  });

  it('names the service building it', () => {
    const root = writeProject(appWith('FROM mybase\n', mybase, '  base:\n    build: ./mybase\n'));
    const [finding] = lintDirectory(root).findings.filter((candidate) => candidate.ruleId === rule);
    expect(finding?.range.start.line).toBe(1);
    expect(finding?.message).toContain('service "base" builds under another name');
    expect(finding?.message).toContain('`mybase: "service:base"`');
  });

  it('suggests building an image-only service', () => {
    const root = writeProject(appWith('FROM mybase\n', mybase, '  mybase:\n    image: mybase\n'));
    const [finding] = lintDirectory(root).findings.filter((candidate) => candidate.ruleId === rule);
    expect(finding?.message).toContain('add `build: ./mybase` to service "mybase"');
  });
});
