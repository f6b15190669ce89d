import { describe, expect, it } from 'vitest';

import { matchableKey } from '../../rules/unmatchable-context-key.js';
import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

/** A project whose service `app` declares one additional context entry. */
function appWithContext(entry: string, dockerfile = 'FROM alpine\n'): Record<string, string> {
  return {
    'compose.yaml':
      'services:\n  base:\n    build: base\n  tool:\n    image: busybox\n' +
      `  app:\n    build:\n      context: app\n      additional_contexts:\n        ${entry}\n`,
    'base/Dockerfile': 'FROM alpine\n',
    'app/Dockerfile': dockerfile,
  };
}

describe('unmatchable-context-key', () => {
  it.each([
    ['base:latest', 'base'],
    ['docker.io/library/base', 'base'],
    ['index.docker.io/library/base:latest', 'base'],
    ['Base', 'base'],
    ['myorg/base:latest', 'myorg/base'],
  ])('suggests a key for %s', (key, expected) => {
    expect(matchableKey(key)).toBe(expected);
  });

  it.each(['base', 'base:1.0', 'myorg/base', 'ghcr.io/o/x:1', 'src', 'my-context_1.2'])('accepts %s', (key) => {
    expect(matchableKey(key)).toBe(key);
  });

  it('reports at the key', () => {
    expect(lintFiles(appWithContext('base:latest: "service:base"'))).toEqual([
      'compose.yaml:10:9-10:20 unmatchable-context-key',
    ]);
  });

  it('reports an invalid key in list form', () => {
    expect(lintFiles(appWithContext('- "Not Valid=./shared"'))).toEqual(['compose.yaml:10:12-10:21 unmatchable-context-key']);
  });
});

describe('unknown-context-service', () => {
  it('reports an unknown service', () => {
    expect(lintFiles(appWithContext('base: "service:bsae"'))).toEqual(['compose.yaml:10:15-10:29 unknown-context-service']);
  });

  it('reports a service without build', () => {
    expect(lintFiles(appWithContext('tool: "service:tool"'))).toEqual(['compose.yaml:10:15-10:29 unknown-context-service']);
  });

  it('accepts a buildable service', () => {
    expect(lintFiles(appWithContext('base: "service:base"', 'FROM base\n'))).toEqual([]);
  });

  it.each(['shared: ../shared', 'alpine: docker-image://alpine:3.20', 'src: https://github.com/o/r.git'])(
    'ignores %s',
    (entry) => {
      expect(lintFiles(appWithContext(entry)).filter((line) => line.endsWith('unknown-context-service'))).toEqual([]);
    },
  );
});

describe('build-cycle', () => {
  it('reports a self-loop', () => {
    expect(
      lintFiles({
        'compose.yaml': 'services:\n  app:\n    image: acme/app\n    build: .\n',
        Dockerfile: 'FROM acme/app:latest\n',
      }),
    ).toEqual(['Dockerfile:1:6-1:21 build-cycle']);
  });

  it('reports a cycle of declared contexts', () => {
    expect(
      lintFiles({
        'compose.yaml':
          'services:\n' +
          '  a:\n    build:\n      context: a\n      additional_contexts:\n        b: "service:b"\n' +
          '  b:\n    build:\n      context: b\n      additional_contexts:\n        c: "service:c"\n' +
          '  c:\n    build:\n      context: c\n      additional_contexts:\n        a: "service:a"\n',
        'a/Dockerfile': 'FROM b\n',
        'b/Dockerfile': 'FROM c\n',
        'c/Dockerfile': 'FROM a\n',
      }),
    ).toEqual(['compose.yaml:6:12-6:23 build-cycle']);
  });

  it('lists every edge with its evidence', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  a:\n    image: x/a\n    build: a\n  b:\n    image: x/b\n    build: b\n',
      'a/Dockerfile': 'FROM x/b\n',
      'b/Dockerfile': 'FROM alpine\nCOPY --from=x/a /a /a\n',
    });
    const [cycle] = lintDirectory(root).findings.filter((finding) => finding.ruleId === 'build-cycle');
    expect(cycle?.message).toContain('a -> b -> a');
    expect(cycle?.message).toContain('a/Dockerfile:1:6');
    expect(cycle?.message).toContain('b/Dockerfile:2:13');
    expect(cycle?.related).toHaveLength(1);
  });

  it('stays clean for a chain', () => {
    expect(
      lintFiles({
        'compose.yaml':
          'services:\n  a:\n    image: x/a\n    build: a\n' +
          '  b:\n    image: x/b\n    build:\n      context: b\n      additional_contexts:\n        x/a: "service:a"\n' +
          '  c:\n    build:\n      context: c\n      additional_contexts:\n        x/b: "service:b"\n',
        'a/Dockerfile': 'FROM alpine\n',
        'b/Dockerfile': 'FROM x/a\n',
        'c/Dockerfile': 'FROM x/b\n',
      }),
    ).toEqual([]);
  });
});
