import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'undeclared-build-dependency';

/** A producer `a` that builds `service_a` and a consumer `b` with the given Dockerfile. */
function producerAndConsumer(dockerfile: string, consumerBuild = '      dockerfile: b.Dockerfile\n'): Record<string, string> {
  return {
    'compose.yaml':
      'services:\n' +
      '  a:\n    image: service_a\n    build:\n      dockerfile: a.Dockerfile\n' +
      `  b:\n    image: service_b\n    build:\n${consumerBuild}`,
    'a.Dockerfile': 'FROM alpine\n',
    'b.Dockerfile': dockerfile,
  };
}

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

describe(rule, () => {
  it.each([
    ['FROM service_a\n', 'b.Dockerfile:1:6-1:15'],
    ['FROM service_a:latest\n', 'b.Dockerfile:1:6-1:22'],
    ['FROM docker.io/library/service_a\n', 'b.Dockerfile:1:6-1:33'],
    ['FROM index.docker.io/library/service_a:latest\n', 'b.Dockerfile:1:6-1:46'],
    ['FROM alpine\nCOPY --from=service_a /etc/ssl /etc/ssl\n', 'b.Dockerfile:2:13-2:22'],
    ['FROM alpine\nCOPY --chown=1:1 --from=service_a /a /b\n', 'b.Dockerfile:2:25-2:34'],
    ['FROM alpine\nRUN --mount=type=bind,from=service_a,target=/a ls /a\n', 'b.Dockerfile:2:28-2:37'],
    ['ARG BASE=service_a\nFROM ${BASE}\n', 'b.Dockerfile:2:6-2:13'],
    ['FROM --platform=$BUILDPLATFORM service_a AS build\n', 'b.Dockerfile:1:32-1:41'],
    ['FROM alpine\nONBUILD COPY --from=service_a /a /b\n', 'b.Dockerfile:2:21-2:30'],
  ])('reports %j', (dockerfile, range) => {
    expect(ofRule(lintFiles(producerAndConsumer(dockerfile)))).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['FROM scratch\n'],
    ['FROM alpine AS build\nFROM alpine\nCOPY --from=0 /a /b\n'],
    ['FROM alpine\nCOPY --from=nginx:alpine /etc/nginx /etc/nginx\n'],
    ['FROM --platform=$BUILDPLATFORM golang AS build\nRUN go version\nFROM alpine\nCOPY --from=build /a /b\n'],
    ['FROM service_a:1.0\n'],
    ['FROM localhost/service_a\n'],
    ['FROM alpine AS service_a\nFROM service_a\n'],
    ['FROM alpine AS service_a\nFROM alpine\nCOPY --from=Service_A /a /b\n'],
    ['FROM alpine\nRUN <<EOF\nCOPY --from=service_a /a /b\nFROM service_a\nEOF\n'],
    ['ARG BASE=service_a\nFROM ${BASE}\n', '      dockerfile: b.Dockerfile\n      args:\n        BASE: alpine\n'],
  ])('stays clean for %j', (dockerfile, build?: string) => {
    expect(ofRule(lintFiles(producerAndConsumer(dockerfile, build)))).toEqual([]);
  });

  it('stays clean with the declared context', () => {
    const build = '      dockerfile: b.Dockerfile\n      additional_contexts:\n        service_a: "service:a"\n';
    expect(lintFiles(producerAndConsumer('FROM service_a\n', build))).toEqual([]);
  });

  it('reports when the context key is not normalized', () => {
    const build = '      dockerfile: b.Dockerfile\n      additional_contexts:\n        service_a:latest: "service:a"\n';
    expect(ofRule(lintFiles(producerAndConsumer('FROM service_a\n', build)))).toEqual([`b.Dockerfile:1:6-1:15 ${rule}`]);
  });

  it('matches a build.tags entry', () => {
    const findings = lintFiles({
      'compose.yaml':
        'services:\n  a:\n    build:\n      context: a\n      tags: ["registry.example.com/team/base:2"]\n' +
        '  b:\n    build: b\n',
      'a/Dockerfile': 'FROM alpine\n',
      'b/Dockerfile': 'FROM registry.example.com/team/base:2\n',
    });
    expect(ofRule(findings)).toEqual([`b/Dockerfile:1:6-1:38 ${rule}`]);
  });

  it('matches the default image name', () => {
    const findings = lintFiles({
      'compose.yaml': 'services:\n  base:\n    build: base\n  app:\n    build: app\n',
      'base/Dockerfile': 'FROM alpine\n',
      'app/Dockerfile': 'FROM example-base\n',
    });
    expect(ofRule(findings)).toEqual([`app/Dockerfile:1:6-1:18 ${rule}`]);
  });

  it('ignores a stage named like another image', () => {
    const findings = lintFiles({
      'compose.yaml': 'services:\n  a:\n    image: tools\n    build: a\n  b:\n    build: b\n',
      'a/Dockerfile': 'FROM alpine\n',
      'b/Dockerfile': 'FROM golang:1.22 AS tools\nRUN go version\nFROM alpine\nCOPY --from=tools /go /go\n',
    });
    expect(findings).toEqual([]);
  });

  it('points into a dockerfile_inline block', () => {
    const findings = lintFiles({
      'compose.yaml':
        'services:\n  a:\n    image: service_a\n    build: .\n' +
        '  b:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM alpine\n        COPY --from=service_a /a /b\n',
      Dockerfile: 'FROM alpine\n',
    });
    expect(ofRule(findings)).toEqual([`compose.yaml:10:21-10:30 ${rule}`]);
  });

  it('names the producer and the entry to add', () => {
    const root = writeProject(producerAndConsumer('FROM docker.io/library/service_a:latest\n'));
    const [message] = lintDirectory(root).findings.map((finding) => finding.message);
    expect(message).toContain('service "a"');
    expect(message).toContain('compose.yaml:3:12');
    expect(message).toContain('`service_a: "service:a"`');
    expect(message).toContain('depends_on does not order builds');
  });
});
