import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'undeclared-build-arg';

function lintArgs(args: string, dockerfile: string): string[] {
  const compose = `services:\n  app:\n    build:\n      context: .\n      args:\n${args}`;
  return lintFiles({ 'compose.yaml': compose, Dockerfile: dockerfile }).filter((line) => line.endsWith(` ${rule}`));
}

describe(rule, () => {
  it.each([
    ['        VERSION: "1"\n', 'FROM alpine\n', 'compose.yaml:6:9-6:16'],
    ['        - VERSION=1\n', 'FROM alpine\n', 'compose.yaml:6:11-6:18'],
    ['        - VERSION\n', 'FROM alpine\n', 'compose.yaml:6:11-6:18'],
    ['        version: "1"\n', 'ARG VERSION\nFROM alpine\n', 'compose.yaml:6:9-6:16'],
    ['        LATER: "1"\n', 'FROM alpine\nONBUILD ARG LATER\n', 'compose.yaml:6:9-6:14'],
    ['        VERSION: "1"\n', 'FROM alpine\nRUN <<EOF\nARG VERSION\nEOF\n', 'compose.yaml:6:9-6:16'],
    ['        TARGETARCH: arm64\n', 'FROM alpine\n', 'compose.yaml:6:9-6:19'],
  ])('reports %j', (args, dockerfile, range) => {
    expect(lintArgs(args, dockerfile)).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['        VERSION: "1"\n', 'ARG VERSION\nFROM alpine\n'],
    ['        VERSION: "1"\n', 'FROM alpine\nARG VERSION\n'],
    ['        B: "1"\n', 'FROM alpine\nARG A=1 B C="x y"\n'],
    ['        B: "1"\n', 'FROM alpine AS one\nFROM alpine AS two\nARG B\n'],
    ['        HTTP_PROXY: http://proxy:3128\n        https_proxy: http://proxy:3128\n', 'FROM alpine\n'],
    ['        NO_PROXY: localhost\n        all_proxy: socks5://proxy\n        FTP_PROXY: ftp://proxy\n', 'FROM alpine\n'],
    ['        BUILDKIT_INLINE_CACHE: "1"\n        BUILDKIT_CONTEXT_KEEP_GIT_DIR: "1"\n', 'FROM alpine\n'],
    ['        BUILDKIT_SYNTAX: docker/dockerfile:1\n        BUILDKIT_MULTI_PLATFORM: "1"\n', 'FROM alpine\n'],
    ['        BUILDKIT_SANDBOX_HOSTNAME: builder\n        SOURCE_DATE_EPOCH: "0"\n', 'FROM alpine\n'],
    ['        INCLUDED: "1"\n', '# syntax=devthefuture/dockerfile-x\nFROM alpine\nINCLUDE ./args.Dockerfile\n'],
  ])('stays clean for %j', (args, dockerfile) => {
    expect(lintArgs(args, dockerfile)).toEqual([]);
  });

  it('checks an inline Dockerfile', () => {
    const compose = 'services:\n  app:\n    build:\n      args:\n        MODE: dev\n      dockerfile_inline: |\n        FROM alpine\n';
    expect(lintFiles({ 'compose.yaml': compose }).filter((line) => line.endsWith(` ${rule}`))).toEqual([
      `compose.yaml:5:9-5:13 ${rule}`,
    ]);
  });

  it('suggests the declared name', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      args:\n        NODE_VERISON: "20"\n',
      Dockerfile: 'ARG NODE_VERSION=18\nFROM node:${NODE_VERSION}\n',
    });
    const [finding] = lintDirectory(root).findings.filter((each) => each.ruleId === rule);
    expect(finding?.message).toContain('Did you mean "NODE_VERSION"');
    expect(finding?.message).toContain('`ARG NODE_VERISON`');
  });
});
