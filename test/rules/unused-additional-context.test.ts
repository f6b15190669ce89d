import { describe, expect, it } from 'vitest';

import { mistypedServiceReference } from '../../rules/unused-additional-context.js';
import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'unused-additional-context';

/** Returns the files of a service `base` (image `acme/base`) and a service `app` with one context entry and the given Dockerfile. */
function appWithContext(entry: string, dockerfile: string, appBuild = '    build:\n      context: ./app\n'): Record<string, string> {
  return {
    'compose.yaml':
      'services:\n  base:\n    image: acme/base\n    build: ./base\n' +
      `  app:\n${appBuild}      additional_contexts:\n        ${entry}\n`,
    'base/Dockerfile': 'FROM alpine\nONBUILD COPY --from=triggered /a /a\n',
    'shared/app.conf': 'port=8080\n',
    'app/Dockerfile': dockerfile,
  };
}

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

function findingsOf(files: Record<string, string>) {
  const root = writeProject(files);
  return lintDirectory(root).findings.filter((finding) => finding.ruleId === rule);
}

describe(rule, () => {
  it.each([
    ['shared: ./shared', 'FROM alpine\n', 'compose.yaml:9:9-9:15'],
    ['- shared=./shared', 'FROM alpine\n', 'compose.yaml:9:11-9:17'],
    ['acme/base: "service:base"', 'FROM alpine\n', 'compose.yaml:9:9-9:18'],
    ['shared: ./shared', 'FROM alpine\nCOPY --from=Shared /app.conf /etc/\n', 'compose.yaml:9:9-9:15'],
  ])('reports %j', (entry, dockerfile, range) => {
    expect(ofRule(lintFiles(appWithContext(entry, dockerfile)))).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['FROM shared'],
    ['FROM shared:latest'],
    ['FROM docker.io/library/shared'],
    ['FROM alpine\nCOPY --from=shared /app.conf /etc/'],
    ['FROM alpine\nRUN --mount=from=shared,target=/s cat /s/app.conf'],
    ['FROM alpine AS shared\nFROM alpine'],
    ['ARG SOURCE=shared\nFROM ${SOURCE}'],
  ])('stays clean for %j', (dockerfile) => {
    expect(ofRule(lintFiles(appWithContext('shared: ./shared', `${dockerfile}\n`)))).toEqual([]);
  });

  it('counts a base image trigger', () => {
    expect(ofRule(lintFiles(appWithContext('triggered: ./shared', 'FROM acme/base\n')))).toEqual([]);
  });

  it.each([
    ['an unresolved FROM', appWithContext('shared: ./shared', 'FROM ${BASE}\n')],
    ['a missing Dockerfile', appWithContext('shared: ./shared', 'FROM alpine\n', '    build:\n      context: ./app\n      dockerfile: missing.Dockerfile\n')],
    ['an unmatchable key', appWithContext('shared:latest: ./shared', 'FROM alpine\n')],
    ['an unknown service', appWithContext('shared: "service:nothing"', 'FROM alpine\n')],
  ])('skips %s', (_case, files) => {
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it.each([
    ['"services:base"', 'compose.yaml:9:20-9:35'],
    ['"service: base"', 'compose.yaml:9:20-9:35'],
    ['"Service:base"', 'compose.yaml:9:20-9:34'],
    ['"target:base"', 'compose.yaml:9:20-9:33'],
  ])('errs for the value %s', (value, range) => {
    const findings = findingsOf(appWithContext(`acme/base: ${value}`, 'FROM acme/base\n'));
    expect(findings.map((finding) => finding.severity)).toEqual(['error']);
    expect(findings.map((finding) => `${finding.range.start.line}:${finding.range.start.column}-${finding.range.end.line}:${finding.range.end.column}`)).toEqual([
      range.replace('compose.yaml:', ''),
    ]);
  });

  it.each([
    ['services:base', { service: 'base', prefix: 'services', spaced: false }],
    ['service: base', { service: 'base', prefix: 'service', spaced: true }],
    ['Service:base', { service: 'base', prefix: 'Service', spaced: false }],
    ['target:base', { service: 'base', prefix: 'target', spaced: false }],
    ['service :base', { service: 'base', prefix: 'service', spaced: false }],
  ])('reads the mistyped value %s', (value, expected) => {
    expect(mistypedServiceReference(value)).toEqual(expected);
  });

  it.each(['service:base', './services', 'docker-image://alpine', 'https://example.com/ctx.git'])('accepts the value %s', (value) => {
    expect(mistypedServiceReference(value)).toBeUndefined();
  });

  it('explains the target prefix', () => {
    const [finding] = findingsOf(appWithContext('acme/base: "target:base"', 'FROM acme/base\n'));
    expect(finding?.message).toContain('"target:" is understood only by docker buildx bake');
    expect(finding?.message).toContain('Write "service:base".');
  });

  it('mentions the needless build', () => {
    const [finding] = findingsOf(appWithContext('acme/base: "service:base"', 'FROM alpine\n'));
    expect(finding?.message).toContain('Compose still builds service "base" first');
  });
});
