import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'unresolved-base-image';

function lintBuild(build: string, dockerfile: string, env: Record<string, string> = {}): string[] {
  const root = writeProject({ 'compose.yaml': `services:\n  app:\n${build}`, Dockerfile: dockerfile });
  return lintDirectory(root, {}, env)
    .findings.filter((finding) => finding.ruleId === rule)
    .map((finding) => `${finding.range.start.line}:${finding.range.start.column}-${finding.range.end.line}:${finding.range.end.column}`);
}

function messagesOf(build: string, dockerfile: string): string[] {
  const root = writeProject({ 'compose.yaml': `services:\n  app:\n${build}`, Dockerfile: dockerfile });
  return lintDirectory(root).findings.filter((finding) => finding.ruleId === rule).map((finding) => finding.message);
}

const plainBuild = '    build: .\n';

describe(rule, () => {
  it.each([
    ['ARG BASE\nFROM ${BASE}\n', '2:6-2:13'],
    ['FROM ${BASE}\n', '1:6-1:13'],
    ['ARG VERSION\nFROM node:${VERSION}-alpine AS build\n', '2:6-2:28'],
    ['ARG A\nARG B=${A}\nFROM ${B}\n', '3:6-3:10'],
    ['FROM alpine\nARG BASE=alpine\nFROM ${BASE}\n', '3:6-3:13'],
    ['ARG BASE=\nFROM ${BASE}\n', '2:6-2:13'],
    ['ARG BASE\nFROM ${BASE:?}\n', '2:6-2:15'],
  ])('reports %j', (dockerfile, range) => {
    expect(lintBuild(plainBuild, dockerfile)).toEqual([range]);
  });

  it.each([
    ['ARG BASE=alpine\nFROM ${BASE}\n', plainBuild],
    ['ARG BASE\nFROM ${BASE:-alpine}\n', plainBuild],
    ['FROM --platform=$BUILDPLATFORM golang:1.22-${TARGETOS}\n', plainBuild],
    ['FROM scratch\n', plainBuild],
    ['ARG BASE\nFROM ${BASE}\n', '    build:\n      context: .\n      args:\n        BASE: alpine\n'],
    ['ARG BASE\nFROM ${BASE}\n', '    build:\n      context: .\n      args:\n        - BASE=alpine\n'],
    ['FROM alpine\nRUN <<EOF\nFROM ${MISSING}\nEOF\n', plainBuild],
  ])('stays clean for %j', (dockerfile, build) => {
    expect(lintBuild(build, dockerfile)).toEqual([]);
  });

  it('takes a valueless arg from the environment', () => {
    const build = '    build:\n      context: .\n      args:\n        - BASE\n';
    expect(lintBuild(build, 'ARG BASE\nFROM ${BASE}\n', { BASE: 'alpine' })).toEqual([]);
  });

  it('reports a valueless arg missing from the environment', () => {
    const build = '    build:\n      context: .\n      args:\n        - BASE\n';
    expect(lintBuild(build, 'ARG BASE\nFROM ${BASE}\n')).toEqual(['2:6-2:13']);
  });

  it.each([
    ['ARG BASE\nFROM ${BASE}\n', plainBuild, 'ARG BASE has no default and service "app" sets no build arg BASE'],
    ['FROM ${BASE}\n', plainBuild, 'BASE is not declared by an ARG before the first FROM'],
    [
      'ARG BASE\nFROM ${BASE}\n',
      '    build:\n      context: .\n      args:\n        - BASE\n',
      'lists BASE without a value and the environment does not set it',
    ],
    ['ARG BASE\nFROM ${BASE}\n', plainBuild, 'Set `BASE: <value>` under build.args of service "app"'],
  ])('explains %j', (dockerfile, build, expected) => {
    expect(messagesOf(build, dockerfile)[0]).toContain(expected);
  });

  it('points into dockerfile_inline', () => {
    // Compose interpolates dockerfile_inline, so `$$` writes a `$` for BuildKit.
    const compose = 'services:\n  app:\n    build:\n      dockerfile_inline: |\n        ARG BASE\n        FROM $${BASE}\n';
    expect(lintFiles({ 'compose.yaml': compose }).filter((line) => line.endsWith(` ${rule}`))).toEqual([
      `compose.yaml:6:14-6:22 ${rule}`,
    ]);
  });
});
