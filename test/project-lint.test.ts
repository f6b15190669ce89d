import { describe, expect, test } from 'vitest';

import type { LintOptions } from '../src/lint.js';
import { describeFinding, lintDirectory, writeProject } from './support/project.js';

/** Lints a project and returns `path:line:column-line:column rule-id` for the rules named in `rules`. */
function lintProject(files: Record<string, string>, rules: string[], options: LintOptions = {}, env: Record<string, string> = {}): string[] {
  const root = writeProject(files);
  return lintDirectory(root, options, env)
    .findings.filter((finding) => rules.includes(finding.ruleId))
    .map((finding) => describeFinding(root, finding));
}

const graphRules = ['undeclared-build-dependency', 'missing-build-target', 'unknown-context-service', 'compose-schema'];

describe('linting loaded projects', () => {
  test('include reports in included file', () => {
    const findings = lintProject(
      {
        'compose.yaml': 'include:\n  - lib/compose.yaml\nservices:\n  api:\n    build: ./api\n',
        'api/Dockerfile': 'FROM shop/base\nRUN true\n',
        'lib/compose.yaml': 'services:\n  base:\n    image: shop/base\n    build:\n      context: ./base\n      target: prod\n',
        'lib/base/Dockerfile': 'FROM alpine AS build\n',
      },
      graphRules,
    );
    expect(findings).toEqual(['api/Dockerfile:1:6-1:15 undeclared-build-dependency', 'lib/compose.yaml:6:15-6:19 missing-build-target']);
  });

  test('extends reports where build is written', () => {
    const findings = lintProject(
      {
        'compose.yaml': [
          'services:',
          '  web:',
          '    extends: {file: common/base.yaml, service: app}',
          '  worker:',
          '    extends: {file: common/base.yaml, service: app}',
          '    build:',
          '      target: worker',
        ].join('\n'),
        'common/base.yaml': 'services:\n  app:\n    build:\n      context: ./app\n      target: release\n',
        'common/app/Dockerfile': 'FROM alpine AS worker\n',
      },
      graphRules,
    );
    expect(findings).toEqual(['common/base.yaml:5:15-5:22 missing-build-target']);
  });

  test('profiles limit linted services', () => {
    const files = {
      'compose.yaml': [
        'services:',
        '  web:',
        '    build: ./web',
        '  base:',
        '    profiles: [debug]',
        '    image: example/base',
        '    build: ./base',
        '  debug:',
        '    profiles: [debug]',
        '    build: ./debug',
      ].join('\n'),
      'web/Dockerfile': 'FROM alpine\n',
      'base/Dockerfile': 'FROM alpine\n',
      'debug/Dockerfile': 'FROM example/base\n',
    };
    expect(lintProject(files, graphRules)).toEqual(['debug/Dockerfile:1:6-1:18 undeclared-build-dependency']);
    expect(lintProject(files, graphRules, { profiles: ['prod'] })).toEqual([]);
    expect(lintProject(files, graphRules, {}, { COMPOSE_PROFILES: 'debug' })).toEqual(['debug/Dockerfile:1:6-1:18 undeclared-build-dependency']);
  });

  test('disabled context service reported', () => {
    const files = {
      'compose.yaml': [
        'services:',
        '  web:',
        '    build:',
        '      context: ./web',
        '      additional_contexts:',
        '        base: service:base',
        '  base:',
        '    profiles: [debug]',
        '    build: ./base',
      ].join('\n'),
      'web/Dockerfile': 'FROM base\n',
      'base/Dockerfile': 'FROM alpine\n',
    };
    expect(lintProject(files, graphRules)).toEqual(['compose.yaml:6:15-6:27 compose-schema']);
  });

  test('env file sets build target', () => {
    const files = {
      'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      target: ${TARGET:-prod}\n',
      'Dockerfile': 'FROM alpine AS prod\nFROM alpine AS dev\n',
      'ci.env': 'TARGET=test\n',
    };
    expect(lintProject(files, graphRules)).toEqual([]);
    const root = writeProject(files);
    const findings = lintDirectory(root, { envFiles: [`${root}/ci.env`] }).findings.map((finding) => describeFinding(root, finding));
    expect(findings).toEqual(['compose.yaml:5:15-5:30 missing-build-target']);
  });

  test('anchors report at each use', () => {
    const findings = lintProject(
      {
        'compose.yaml': [
          'x-build: &build',
          '  context: ./app',
          '  target: release',
          'services:',
          '  web:',
          '    build: *build',
          '  worker:',
          '    build:',
          '      <<: *build',
          '      dockerfile: Dockerfile',
        ].join('\n'),
        'app/Dockerfile': 'FROM alpine AS prod\n',
      },
      graphRules,
    );
    expect(findings).toEqual(['compose.yaml:6:12-6:18 missing-build-target', 'compose.yaml:9:11-9:17 missing-build-target']);
  });

  test('override file reports in override', () => {
    const findings = lintProject(
      {
        'compose.yaml': 'services:\n  web:\n    build: ./web\n  base:\n    image: example/base\n    build: ./base\n',
        'compose.override.yaml': 'services:\n  web:\n    build:\n      target: debug\n',
        'web/Dockerfile': 'FROM example/base AS prod\n',
        'base/Dockerfile': 'FROM alpine\n',
      },
      graphRules,
    );
    expect(findings).toEqual(['compose.override.yaml:4:15-4:20 missing-build-target', 'web/Dockerfile:1:6-1:18 undeclared-build-dependency']);
  });
});
