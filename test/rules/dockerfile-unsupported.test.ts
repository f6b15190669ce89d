import { describe, expect, it } from 'vitest';

import { lintFiles } from '../support/project.js';

const rule = 'dockerfile-unsupported';

function lintDockerfile(dockerfile: string): string[] {
  return lintFiles({ 'compose.yaml': 'services:\n  app:\n    build: .\n', Dockerfile: dockerfile, 'app.conf': 'x\n' });
}

describe(rule, () => {
  it.each([
    ['# syntax=devthefuture/dockerfile-x\nFROM alpine\n', 'Dockerfile:1:10-1:35'],
    ['# syntax = example.com/frontends/dockerfile:2 --debug\nFROM alpine\n', 'Dockerfile:1:12-1:54'],
    ['FROM alpine\nCOPY --chown=josé app.conf /etc/\n', 'Dockerfile:2:6-2:18'],
    ['FROM alpine\nRUN --mount=type=bind,source=é,target=/e true\n', 'Dockerfile:2:5-2:41'],
    ['FROM alpine\nONBUILD COPY --from=bâse /a /b\n', 'Dockerfile:2:14-2:25'],
  ])('reports %j', (dockerfile, range) => {
    expect(lintDockerfile(dockerfile).filter((line) => line.endsWith(` ${rule}`))).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['# syntax=docker/dockerfile:1\nFROM alpine\n'],
    ['# syntax=docker/dockerfile:1.7-labs\nFROM alpine\n'],
    ['# syntax=docker.io/docker/dockerfile-upstream:master\nFROM alpine\n'],
    ['# syntax=docker/dockerfile@sha256:ac85f380a63b13dfcefa89046420e1781752bab202122f8f50032edf31be0021\nFROM alpine\n'],
    ['FROM alpine\nRUN echo "josé" > /name\n'],
    ['FROM alpine\nRUN << EOF\necho spaced\nEOF\n'],
    ['FROM alpine\nRUN 3<<EOF cat /dev/fd/3\nfd three\nEOF\n'],
    ["FROM alpine\nRUN <<'one two'\necho $HOME\none two\n"],
  ])('stays clean for %j', (dockerfile) => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('drops syntax errors of a custom frontend', () => {
    const findings = lintDockerfile('# syntax=devthefuture/dockerfile-x\nFROM alpine\nINCLUDE ./common.Dockerfile\n');
    expect(findings).toEqual([`Dockerfile:1:10-1:35 ${rule}`]);
  });

  it('keeps syntax errors otherwise', () => {
    const findings = lintDockerfile('FROM alpine\nINCLUDE ./common.Dockerfile\n');
    expect(findings).toEqual(['Dockerfile:2:1-2:8 dockerfile-syntax']);
  });
});
