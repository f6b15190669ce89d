import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'stage-name-case';

function lintDockerfile(dockerfile: string, build = '    build: .\n'): string[] {
  const findings = lintFiles({ 'compose.yaml': `services:\n  app:\n${build}`, Dockerfile: dockerfile });
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

describe(rule, () => {
  it.each([
    ['FROM golang AS builder\nFROM Builder\n', 'Dockerfile:2:6-2:13'],
    ['FROM golang AS Builder\nFROM BUILDER\n', 'Dockerfile:2:6-2:13'],
    ['FROM golang AS build-env\nRUN true\n\nFROM alpine\nFROM Build-Env AS final\n', 'Dockerfile:5:6-5:15'],
    ['ARG STAGE=Builder\nFROM golang AS builder\nFROM ${STAGE}\n', 'Dockerfile:3:6-3:14'],
    ['FROM golang AS builder\r\nFROM Builder\r\n', 'Dockerfile:2:6-2:13'],
  ])('reports %j', (dockerfile, range) => {
    expect(lintDockerfile(dockerfile)).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['FROM golang AS builder\nFROM builder\n'],
    ['FROM golang AS builder\nFROM alpine\nCOPY --from=Builder /a /b\n'],
    ['FROM golang AS builder\nFROM alpine\nRUN --mount=from=BUILDER,target=/b true\n'],
    ['FROM scratch\n'],
    ['FROM Builder\nFROM golang AS builder\n'],
    ['FROM alpine AS base\nRUN <<EOF\nFROM Base\nEOF\n'],
    ['FROM alpine\nCOPY --from=0 /a /b\n'],
    ['ARG STAGE=builder\nFROM golang AS builder\nFROM ${STAGE}\n'],
  ])('stays clean for %j', (dockerfile) => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('expands a build arg', () => {
    const build = '    build:\n      context: .\n      args:\n        STAGE: Builder\n';
    expect(lintDockerfile('ARG STAGE=builder\nFROM golang AS builder\nFROM ${STAGE}\n', build)).toEqual([
      `Dockerfile:3:6-3:14 ${rule}`,
    ]);
  });

  it('names the stage and the fix', () => {
    const root = writeProject({ 'compose.yaml': 'services:\n  app:\n    build: .\n', Dockerfile: 'FROM golang AS builder\nFROM Builder\n' });
    const [finding] = lintDirectory(root).findings.filter((each) => each.ruleId === rule);
    expect(finding?.message).toContain('stage "builder" (Dockerfile:1:16)');
    expect(finding?.message).toContain('repository name must be lowercase');
    expect(finding?.message).toContain('Write `FROM builder`');
  });
});
