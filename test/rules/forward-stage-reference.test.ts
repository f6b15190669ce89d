import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'forward-stage-reference';

function lintDockerfile(dockerfile: string, build = '    build: .\n'): string[] {
  const findings = lintFiles({ 'compose.yaml': `services:\n  app:\n${build}`, Dockerfile: dockerfile });
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

describe(rule, () => {
  it.each([
    ['FROM base\nRUN true\nFROM alpine AS base\n', 'Dockerfile:1:6-1:10'],
    ['FROM alpine AS app\nCOPY --from=assets /a /b\nFROM alpine AS assets\n', 'Dockerfile:2:13-2:19'],
    ['FROM alpine AS app\nCOPY --from=Assets /a /b\nFROM alpine AS assets\n', 'Dockerfile:2:13-2:19'],
    ['FROM alpine\nCOPY --from=1 /a /b\nFROM alpine\n', 'Dockerfile:2:13-2:14'],
    ['FROM alpine AS app\nCOPY --from=app /a /b\n', 'Dockerfile:2:13-2:16'],
    ['FROM alpine\nCOPY --from=0 /a /b\n', 'Dockerfile:2:13-2:14'],
    ['FROM alpine AS app\nRUN --mount=type=bind,from=deps,target=/d ls /d\nFROM alpine AS deps\n', 'Dockerfile:2:28-2:32'],
    ['FROM alpine AS deps\nFROM alpine AS app\nCOPY --from=deps /a /b\nFROM alpine AS deps\n', 'Dockerfile:3:13-3:17'],
    ['ARG BASE=base\nFROM ${BASE}\nFROM alpine AS base\n', 'Dockerfile:2:6-2:13'],
  ])('reports %j', (dockerfile, range) => {
    expect(lintDockerfile(dockerfile)).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['FROM alpine AS assets\nFROM alpine\nCOPY --from=assets /a /b\n'],
    ['FROM nginx AS nginx\nRUN true\n'],
    ['FROM alpine\nFROM alpine\nCOPY --from=0 /a /b\n'],
    ['FROM scratch\n'],
    ['FROM alpine AS app\nONBUILD COPY --from=later /a /b\nFROM alpine AS later\n'],
    ['FROM alpine AS app\nRUN <<EOF\nCOPY --from=later /a /b\nEOF\nFROM alpine AS later\n'],
    ['FROM alpine AS app\nCOPY --from=nginx:alpine /a /b\n'],
  ])('stays clean for %j', (dockerfile) => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('stays clean with a named context', () => {
    const build = '    build:\n      context: .\n      additional_contexts:\n        base: docker-image://alpine:3.20\n';
    expect(lintDockerfile('FROM base\nFROM alpine AS base\n', build)).toEqual([]);
  });

  it('quotes the copy error', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM alpine AS app\nCOPY --from=assets /a /b\nFROM alpine AS assets\n',
    });
    const [finding] = lintDirectory(root).findings.filter((each) => each.ruleId === rule);
    expect(finding?.message).toContain('cannot copy from stage "assets", it needs to be defined before current stage "app"');
    expect(finding?.message).toContain('stage "assets" (Dockerfile:3:16)');
  });
});
