import { afterAll, describe, expect, test } from 'vitest';

import type { LoadOptions } from '../src/project/index.js';
import { inputErrorOf, loadAt, removeWrittenFiles, summarize, writeFiles, type ProjectFiles, type ProjectSummary } from './support/model.js';

afterAll(removeWrittenFiles);

type DeepPartial<T> = { [K in keyof T]?: T[K] extends Array<infer U> ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * One project on disk and what loading it must give: a part of the loaded
 * model (see `summarize`), with every finding listed, or the input error.
 */
interface LoadCase {
  name: string;
  files: ProjectFiles;
  options?: LoadOptions;
  env?: Record<string, string>;
  /** Directory to load from, relative to the project root. */
  cwd?: string;
  expected?: DeepPartial<ProjectSummary>;
  error?: string;
}

function runCases(cases: LoadCase[]): void {
  test.each(cases.map((loadCase) => [loadCase.name, loadCase] as const))('%s', (_name, loadCase) => {
    const root = writeFiles(loadCase.files);
    const load = () => loadAt(root, loadCase.options, loadCase.env, loadCase.cwd);

    if (loadCase.error !== undefined) {
      expect(inputErrorOf(load).replaceAll(root, '<root>')).toBe(loadCase.error);
      return;
    }
    const summary = summarize(root, load());
    expect(summary).toMatchObject({ findings: [], ...loadCase.expected });
  });
}

const dockerfile = 'FROM alpine\n';

describe('file selection', () => {
  runCases([
    {
      name: 'stdin file resolves against cwd',
      files: { 'work/Dockerfile': dockerfile },
      cwd: 'work',
      options: { files: ['-'], stdin: 'services:\n  web:\n    build: .\n' },
      expected: {
        workingDir: 'work',
        composeFiles: ['work/-'],
        services: { web: { image: 'work-web', build: { context: 'work', contextAt: 'work/-:3:12', dockerfile: 'work/Dockerfile' } } },
      },
    },
    {
      name: 'stdin before file uses its directory',
      files: { 'deploy/b.yml': 'services:\n  db:\n    image: postgres\n' },
      options: { files: ['-', 'deploy/b.yml'], stdin: 'services:\n  web:\n    build: ./web\n' },
      expected: {
        workingDir: 'deploy',
        composeFiles: ['-', 'deploy/b.yml'],
        services: { web: { build: { context: 'deploy/web' } }, db: { image: 'postgres' } },
      },
    },
    {
      name: 'stdin without input rejected',
      files: {},
      options: { files: ['-'] },
      error: '-f - reads the compose file from standard input, but no standard input was given',
    },
    {
      name: 'project directory starts search',
      files: { 'stack/compose.yaml': 'services:\n  web:\n    build: ./web\n', 'compose.yaml': 'services:\n  other:\n    image: x\n' },
      options: { projectDirectory: 'stack' },
      expected: { workingDir: 'stack', composeFiles: ['stack/compose.yaml'], services: { web: { build: { context: 'stack/web' } } } },
    },
    {
      name: 'project directory with -f',
      files: { 'compose/base.yaml': 'services:\n  web:\n    build: ./web\n' },
      options: { files: ['compose/base.yaml'], projectDirectory: '.' },
      expected: { workingDir: '.', services: { web: { build: { context: 'web' } } } },
    },
    {
      name: 'walks up to parent',
      files: { 'compose.yaml': 'services:\n  web:\n    build: ./web\n', 'web/src/.keep': '' },
      cwd: 'web/src',
      expected: { workingDir: '.', composeFiles: ['compose.yaml'], services: { web: { build: { context: 'web' } } } },
    },
    {
      name: 'COMPOSE_FILE with separator',
      files: { 'a.yml': 'services:\n  web:\n    image: a\n', 'b.yml': 'services:\n  web:\n    image: b\n' },
      env: { COMPOSE_FILE: 'a.yml,b.yml', COMPOSE_PATH_SEPARATOR: ',' },
      expected: { composeFiles: ['a.yml', 'b.yml'], services: { web: { image: 'b', imageAt: 'b.yml:3:12' } } },
    },
    {
      name: 'override file in other directory resolves against first',
      files: {
        'compose.yaml': 'services:\n  web:\n    build: ./web\n',
        'ci/override.yaml': 'services:\n  web:\n    build:\n      additional_contexts:\n        lib: ./lib\n',
      },
      options: { files: ['compose.yaml', 'ci/override.yaml'] },
      expected: { services: { web: { build: { context: 'web', contexts: ['lib=./lib@ci/override.yaml:5:14 -> lib'] } } } },
    },
  ]);
});

describe('merging', () => {
  const base = [
    'services:',
    '  web:',
    '    build:',
    '      context: ./web',
    '      args:',
    '        B: base',
    '        A: base',
    '      labels: [com.example.team=base, com.example.tier=web]',
    '      additional_contexts: [lib=./lib]',
    '      tags: [web:1, web:2]',
    '      platforms: [linux/amd64]',
    '      secrets: [token]',
  ].join('\n');

  runCases([
    {
      name: 'keyed fields merge by key',
      files: {
        'compose.yaml': base,
        'compose.override.yaml': [
          'services:',
          '  web:',
          '    build:',
          '      args: [A=override, C=new]',
          '      labels:',
          '        com.example.team: override',
          '      additional_contexts:',
          '        lib: ./lib2',
          '      tags: [web:2, web:3]',
          '      platforms: [linux/amd64, linux/arm64]',
          '      secrets: [token]',
          'secrets:',
          '  token:',
          '    file: ./token.txt',
        ].join('\n'),
      },
      expected: {
        services: {
          web: {
            build: {
              context: 'web',
              args: ['B=base@compose.yaml:6:12', 'A=override@compose.override.yaml:4:16', 'C=new@compose.override.yaml:4:28'],
              labels: ['com.example.team=override@compose.override.yaml:6:27', 'com.example.tier=web@compose.yaml:8:56'],
              contexts: ['lib=./lib2@compose.override.yaml:8:14 -> lib2'],
              tags: ['web:1@compose.yaml:10:14', 'web:2@compose.override.yaml:9:14', 'web:3@compose.override.yaml:9:21'],
              platforms: ['linux/amd64@compose.yaml:11:19', 'linux/amd64@compose.override.yaml:10:19', 'linux/arm64@compose.override.yaml:10:32'],
              secrets: ['token@compose.yaml:12:17', 'token@compose.override.yaml:11:17'],
            },
          },
        },
      },
    },
    {
      name: 'short build merged with long',
      files: {
        'compose.yaml': 'services:\n  web:\n    build:\n      context: ./old\n      target: dev\n',
        'compose.override.yaml': 'services:\n  web:\n    build: ./new\n',
      },
      expected: { services: { web: { build: { at: 'compose.override.yaml:3:12', context: 'new', target: 'dev@compose.yaml:5:15' } } } },
    },
    {
      name: 'scalars replaced and ranges move',
      files: {
        'compose.yaml': 'services:\n  web:\n    image: web:1\n    platform: linux/amd64\n',
        'compose.override.yaml': 'services:\n  web:\n    image: web:2\n',
      },
      expected: { services: { web: { image: 'web:2', imageAt: 'compose.override.yaml:3:12', platform: 'linux/amd64@compose.yaml:4:15' } } },
    },
    {
      name: 'reset key of mapping across files',
      files: {
        'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      args:\n        A: "1"\n        B: "2"\n',
        'compose.override.yaml': 'services:\n  web:\n    build:\n      args:\n        A: !reset null\n',
      },
      expected: { services: { web: { build: { args: ['B=2@compose.yaml:7:12'] } } } },
    },
    {
      // Compose merges two files' args into a list, where `!reset` on one key removes nothing.
      name: 'reset key of merged list kept',
      files: {
        'a.yaml': 'services:\n  web:\n    build:\n      context: .\n      args:\n        A: "1"\n',
        'b.yaml': 'services:\n  web:\n    build:\n      args:\n        C: "3"\n',
        'c.yaml': 'services:\n  web:\n    build:\n      args:\n        A: !reset null\n',
      },
      options: { files: ['a.yaml', 'b.yaml', 'c.yaml'] },
      expected: { services: { web: { build: { args: ['A=1@a.yaml:6:12', 'C=3@b.yaml:5:12'] } } } },
    },
    {
      name: 'override replaces whole field',
      files: {
        'compose.yaml': base,
        'compose.override.yaml': 'services:\n  web:\n    build:\n      args: !override\n        Z: "26"\n      tags: !reset []\n',
      },
      expected: {
        services: { web: { build: { args: ['Z=26@compose.override.yaml:5:12'], tags: [] } } },
        findings: [
          'compose.yaml:12:17 compose-schema error service "web" refers to undefined build secret token: declare "token" under the top-level secrets',
        ],
      },
    },
    {
      name: 'override service replaces it',
      files: {
        'compose.yaml': 'services:\n  web:\n    image: old\n    platform: linux/arm64\n',
        'compose.override.yaml': 'services:\n  web: !override\n    build: .\n',
      },
      expected: { services: { web: { image: 'app-web', build: { context: '.' } } } },
    },
    {
      name: 'documents merge in order',
      files: { 'compose.yaml': 'services:\n  web:\n    image: one\n---\nservices:\n  web:\n    image: two\n---\nservices: !reset {}\n---\nservices:\n  db:\n    image: pg\n' },
      expected: { services: { db: { image: 'pg' } } },
    },
  ]);
});

describe('include', () => {
  const lib = {
    'lib/compose.yaml': 'services:\n  base:\n    build:\n      context: ./base\n      args:\n        VERSION: ${VERSION}\n',
    'lib/.env': 'VERSION=from-lib\n',
  };
  const app = 'services:\n  app:\n    build:\n      context: ./app\n      additional_contexts:\n        base: service:base\n';

  runCases([
    {
      name: 'short form keeps included ranges',
      files: { ...lib, 'compose.yaml': `include:\n  - lib/compose.yaml\n${app}` },
      expected: {
        services: {
          base: { image: 'app-base', build: { context: 'lib/base', contextAt: 'lib/compose.yaml:4:16', args: ['VERSION=from-lib@lib/compose.yaml:6:18'] } },
          app: { build: { context: 'app', contexts: ['base=service:base@compose.yaml:8:15'] } },
        },
      },
    },
    {
      name: 'parent environment wins',
      files: { ...lib, 'compose.yaml': `include:\n  - lib/compose.yaml\n${app}`, '.env': 'VERSION=from-root\n' },
      expected: { services: { base: { build: { args: ['VERSION=from-root@lib/compose.yaml:6:18'] } } } },
    },
    {
      name: 'long form with path list',
      files: {
        'compose.yaml': [
          'include:',
          '  - path: [stack/compose.yaml, stack/override.yaml]',
          '    project_directory: stack/src',
          '    env_file: [stack/one.env, stack/two.env]',
        ].join('\n'),
        'stack/compose.yaml': 'services:\n  web:\n    build:\n      context: ./web\n      target: ${TARGET}\n',
        'stack/override.yaml': 'services:\n  web:\n    build:\n      args: ["MODE=${MODE}"]\n',
        'stack/one.env': 'TARGET=one\nMODE=one\n',
        'stack/two.env': 'MODE=two-${TARGET}\n',
      },
      expected: {
        services: {
          web: { build: { context: 'stack/src/web', target: 'one@stack/compose.yaml:5:15', args: ['MODE=two-one@stack/override.yaml:4:20'] } },
        },
      },
    },
    {
      name: 'nested include resolves against its directory',
      files: {
        'compose.yaml': 'include:\n  - a/compose.yaml\n',
        'a/compose.yaml': 'include:\n  - ../b/compose.yaml\nservices:\n  a:\n    build: .\n',
        'b/compose.yaml': 'services:\n  b:\n    build: ./src\n',
      },
      expected: { services: { b: { build: { context: 'b/src' } }, a: { build: { context: 'a' } } } },
    },
    {
      name: 'default context is included directory',
      files: {
        'compose.yaml': 'include:\n  - lib/compose.yaml\n',
        'lib/compose.yaml': 'services:\n  base:\n    build:\n      target: prod\n',
      },
      expected: { services: { base: { build: { context: 'lib', dockerfile: 'lib/Dockerfile' } } } },
    },
    {
      name: 'including file merged over import',
      files: {
        ...lib,
        'compose.yaml': [
          'include:',
          '  - lib/compose.yaml',
          'services:',
          '  base:',
          '    build:',
          '      target: release',
          '      args:',
          '        EXTRA: "1"',
        ].join('\n'),
      },
      expected: {
        services: {
          base: {
            build: {
              context: 'lib/base',
              target: 'release@compose.yaml:6:15',
              args: ['VERSION=from-lib@lib/compose.yaml:6:18', 'EXTRA=1@compose.yaml:8:16'],
            },
          },
        },
      },
    },
    {
      name: 'include cycle reported',
      files: {
        'compose.yaml': 'include:\n  - a.yaml\nservices:\n  web:\n    image: nginx\n',
        'a.yaml': 'include:\n  - b.yaml\n',
        'b.yaml': 'include:\n  - a.yaml\n',
      },
      expected: {
        services: { web: { image: 'nginx' } },
        findings: ['b.yaml:2:5 compose-schema error include cycle detected: a.yaml includes b.yaml, which includes a.yaml'],
      },
    },
    {
      name: 'self include reported',
      files: { 'compose.yaml': 'include:\n  - compose.yaml\nservices:\n  web:\n    image: nginx\n' },
      expected: { findings: ['compose.yaml:2:5 compose-schema error include cycle detected: compose.yaml includes compose.yaml'] },
    },
    {
      name: 'missing include reported',
      files: { 'compose.yaml': 'include:\n  - path: gone/compose.yaml\nservices:\n  web:\n    image: nginx\n' },
      expected: {
        findings: ['compose.yaml:2:11 compose-schema error included file gone/compose.yaml not found: fix the path or remove the include'],
      },
    },
    {
      name: 'missing include env file reported',
      files: { ...lib, 'compose.yaml': 'include:\n  - path: lib/compose.yaml\n    env_file: nope.env\n' },
      expected: {
        services: {},
        findings: [
          'compose.yaml:3:15 compose-schema error env file nope.env of this include not found: fix the path or remove it from env_file',
        ],
      },
    },
    {
      name: 'dev null env file skipped',
      files: { ...lib, 'compose.yaml': 'include:\n  - path: lib/compose.yaml\n    env_file: /dev/null\n' },
      env: { VERSION: 'process' },
      expected: { services: { base: { build: { args: ['VERSION=process@lib/compose.yaml:6:18'] } } } },
    },
    {
      name: 'remote include noted',
      files: { 'compose.yaml': 'include:\n  - oci://registry/stack:1\nservices:\n  web:\n    image: nginx\n' },
      expected: {
        findings: [
          'compose.yaml:2:5 compose-schema info compose-lint does not fetch the remote include "oci://registry/stack:1", so the services it defines are not checked',
        ],
      },
    },
    {
      name: 'included secret satisfies build',
      files: {
        'compose.yaml': 'include:\n  - lib/compose.yaml\nservices:\n  web:\n    build:\n      context: .\n      secrets: [npm]\n',
        'lib/compose.yaml': 'secrets:\n  npm:\n    file: ./npmrc\n',
      },
      expected: { services: { web: { build: { secrets: ['npm@compose.yaml:7:17'] } } } },
    },
  ]);
});

describe('extends', () => {
  const common = [
    'services:',
    '  app:',
    '    build:',
    '      context: ./app',
    '      dockerfile: app.Dockerfile',
    '      args:',
    '        MODE: base',
    '        VERSION: "1"',
    '      additional_contexts:',
    '        shared: ./shared',
  ].join('\n');
  const compose = [
    'services:',
    '  web:',
    '    extends:',
    '      file: common/base.yaml',
    '      service: app',
    '    build:',
    '      args:',
    '        MODE: web',
    '  worker:',
    '    extends: web',
    '    build:',
    '      target: worker',
  ].join('\n');

  runCases([
    {
      name: 'other file rebased and merged',
      files: { 'common/base.yaml': common, 'compose.yaml': compose },
      expected: {
        services: {
          web: {
            image: 'app-web',
            build: {
              at: 'compose.yaml:7:7',
              context: 'common/app',
              contextAt: 'common/base.yaml:4:16',
              dockerfile: 'common/app/app.Dockerfile',
              dockerfileAt: 'common/base.yaml:5:19',
              args: ['MODE=web@compose.yaml:8:15', 'VERSION=1@common/base.yaml:8:18'],
              contexts: ['shared=./shared@common/base.yaml:10:17 -> common/shared'],
            },
          },
          worker: {
            image: 'app-worker',
            build: { context: 'common/app', args: ['MODE=web@compose.yaml:8:15', 'VERSION=1@common/base.yaml:8:18'], target: 'worker@compose.yaml:12:15' },
          },
        },
      },
    },
    {
      name: 'nested chain across files',
      files: {
        'compose.yaml': 'services:\n  web:\n    extends:\n      file: a/one.yaml\n      service: one\n',
        'a/one.yaml': 'services:\n  one:\n    extends:\n      file: ../b/two.yaml\n      service: two\n    build:\n      target: one\n',
        'b/two.yaml': 'services:\n  two:\n    extends: three\n  three:\n    build: ./src\n    platform: linux/arm64\n',
      },
      expected: {
        services: { web: { platform: 'linux/arm64@b/two.yaml:6:15', build: { context: 'b/src', target: 'one@a/one.yaml:7:15' } } },
      },
    },
    {
      name: 'plain chain is no cycle',
      files: { 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    image: base\n  d:\n    extends: c\n' },
      expected: { services: { a: { image: 'base' }, b: { image: 'base' }, c: { image: 'base' }, d: { image: 'base' } } },
    },
    {
      name: 'circular chain reported',
      files: { 'compose.yaml': 'services:\n  a:\n    extends: b\n    image: a\n  b:\n    extends: c\n  c:\n    extends: a\n' },
      expected: {
        findings: [
          'compose.yaml:8:14 compose-schema error circular extends: a in compose.yaml extends b in compose.yaml, which extends c in compose.yaml, which extends a in compose.yaml',
        ],
      },
    },
    {
      name: 'missing service reported',
      files: { 'compose.yaml': 'services:\n  web:\n    extends:\n      service: nope\n' },
      expected: {
        findings: ['compose.yaml:4:16 compose-schema error cannot extend service "web" in compose.yaml: service "nope" not found'],
      },
    },
    {
      name: 'missing service in file reported',
      files: { 'compose.yaml': 'services:\n  web:\n    extends: {file: base.yaml, service: nope}\n', 'base.yaml': 'services:\n  app:\n    image: x\n' },
      expected: {
        findings: ['compose.yaml:3:41 compose-schema error cannot extend service "web" in compose.yaml: service "nope" not found in base.yaml'],
      },
    },
    {
      name: 'missing file reported',
      files: { 'compose.yaml': 'services:\n  web:\n    extends:\n      file: gone.yaml\n      service: app\n' },
      expected: {
        findings: ['compose.yaml:4:13 compose-schema error cannot extend service "web" in compose.yaml: file gone.yaml not found'],
      },
    },
    {
      name: 'remote file noted',
      files: { 'compose.yaml': 'services:\n  web:\n    extends:\n      file: https://example.com/base.yaml\n      service: app\n' },
      expected: {
        services: { web: { image: 'app-web' } },
        findings: [
          'compose.yaml:4:13 compose-schema info compose-lint does not fetch the remote file "https://example.com/base.yaml", ' +
            'so the fields that service "web" inherits from it are not checked',
        ],
      },
    },
    {
      name: 'reset key of extended mapping',
      files: {
        'compose.yaml': 'services:\n  base:\n    build:\n      context: .\n      args: {A: "1", B: "2"}\n  web:\n    extends: base\n    build:\n      args:\n        A: !reset null\n',
      },
      expected: { services: { web: { build: { args: ['B=2@compose.yaml:5:25'] } } } },
    },
    {
      name: 'extends file relative to project directory',
      files: {
        'compose.yaml': 'services:\n  web:\n    image: web\n',
        'deploy/override.yaml': 'services:\n  worker:\n    extends:\n      file: common.yaml\n      service: job\n',
        'common.yaml': 'services:\n  job:\n    build: ./job\n',
      },
      options: { files: ['compose.yaml', 'deploy/override.yaml'] },
      expected: { services: { worker: { build: { context: 'job', contextAt: 'common.yaml:3:12' } } } },
    },
    {
      name: 'extends an included service',
      files: {
        'compose.yaml': 'include:\n  - lib/compose.yaml\nservices:\n  web:\n    extends: base\n    build:\n      target: web\n',
        'lib/compose.yaml': 'services:\n  base:\n    build: ./base\n',
      },
      expected: { services: { web: { build: { context: 'lib/base', target: 'web@compose.yaml:7:15' } } } },
    },
    {
      name: 'same-file extends ignores other files',
      files: {
        'compose.yaml': 'services:\n  base:\n    image: base\n',
        'compose.override.yaml': 'services:\n  web:\n    extends: base\n',
      },
      expected: {
        findings: ['compose.override.yaml:3:14 compose-schema error cannot extend service "web" in compose.override.yaml: service "base" not found'],
      },
    },
  ]);
});

describe('profiles', () => {
  const compose = [
    'services:',
    '  web:',
    '    build:',
    '      context: .',
    '      additional_contexts:',
    '        base: service:base',
    '  base:',
    '    profiles: [debug]',
    '    build: ./base',
    '  tools:',
    '    profiles: [tools, debug]',
    '    image: tools',
    '  job:',
    '    profiles: [jobs]',
    '    build:',
    '      context: ./job',
    '      additional_contexts: [base=service:base]',
  ].join('\n');
  const disabledBase = (active: string, service = 'web', at = 'compose.yaml:6:15'): string =>
    `${at} compose-schema error service "${service}" uses service "base" as the additional context "base", ` +
    `but "base" has profiles [debug] and ${active}, so Compose stops with: ` +
    `service "${service}" declares unknown service "base" as additional contexts base. ` +
    'Activate one of its profiles with --profile or COMPOSE_PROFILES, or remove its profiles';

  runCases([
    {
      name: 'no profile lints every service',
      files: { 'compose.yaml': compose },
      expected: {
        activeProfiles: [],
        enabledServices: ['web'],
        disabledServices: [],
        services: { web: {}, base: { profiles: ['debug'] }, tools: {}, job: {} },
        findings: [disabledBase('no profile is active')],
      },
    },
    {
      name: 'profile option keeps enabled services',
      files: { 'compose.yaml': compose },
      options: { profiles: ['debug'] },
      expected: { activeProfiles: ['debug'], enabledServices: ['web', 'base', 'tools'], disabledServices: ['job'] },
    },
    {
      name: 'COMPOSE_PROFILES from environment',
      files: { 'compose.yaml': compose },
      env: { COMPOSE_PROFILES: ' jobs , tools ' },
      expected: {
        activeProfiles: ['jobs', 'tools'],
        enabledServices: ['web', 'tools', 'job'],
        disabledServices: ['base'],
        findings: [
          disabledBase('the active profiles [jobs, tools] do not enable it'),
          disabledBase('the active profiles [jobs, tools] do not enable it', 'job', 'compose.yaml:17:34'),
        ],
      },
    },
    {
      name: 'COMPOSE_PROFILES from .env',
      files: { 'compose.yaml': compose, '.env': 'COMPOSE_PROFILES=debug,jobs\n' },
      expected: { activeProfiles: ['debug', 'jobs'], disabledServices: [] },
    },
    {
      name: 'profile option replaces COMPOSE_PROFILES',
      files: { 'compose.yaml': compose },
      options: { profiles: ['tools'] },
      env: { COMPOSE_PROFILES: 'debug' },
      expected: { activeProfiles: ['tools'], disabledServices: ['base', 'job'], findings: [disabledBase('the active profiles [tools] do not enable it')] },
    },
    {
      name: 'star enables every service',
      files: { 'compose.yaml': compose },
      options: { profiles: ['*'] },
      expected: { enabledServices: ['web', 'base', 'tools', 'job'], disabledServices: [] },
    },
  ]);

  test('profile filter drops services', () => {
    const root = writeFiles({ 'compose.yaml': compose });
    const project = loadAt(root, { profiles: ['tools'] });
    expect(project.services.map((service) => service.name)).toEqual(['web', 'tools']);
  });
});

describe('interpolation and environment', () => {
  const operators = [
    'services:',
    '  web:',
    '    build:',
    '      context: .',
    '      args:',
    '        - BRACED=${SET}',
    '        - PLAIN=$SET/x',
    '        - DEFAULT_UNSET=${UNSET:-d}',
    '        - DEFAULT_EMPTY=${EMPTY:-d}',
    '        - DASH_EMPTY=${EMPTY-d}',
    '        - ALT_SET=${SET:+alt}',
    '        - ALT_EMPTY=${EMPTY:+alt}',
    '        - PLUS_EMPTY=${EMPTY+alt}',
    '        - PLUS_UNSET=${UNSET+alt}',
    '        - NESTED=${UNSET:-${ALSO_UNSET:-deep}}',
    '        - ESCAPED=$${SET}',
    '        - REQUIRED_EMPTY=${EMPTY?fine}',
    '        - MISSING=${UNSET}',
    '  required:',
    '    image: ${UNSET:?set UNSET}',
  ].join('\n');

  runCases([
    {
      name: 'every operator',
      files: { 'compose.yaml': operators },
      env: { SET: 'value', EMPTY: '' },
      expected: {
        services: {
          web: {
            build: {
              args: [
                'BRACED=value@compose.yaml:6:18',
                'PLAIN=value/x@compose.yaml:7:17',
                // A default or alternative is located where its text is written.
                'DEFAULT_UNSET=d@compose.yaml:8:34',
                'DEFAULT_EMPTY=d@compose.yaml:9:34',
                'DASH_EMPTY=@compose.yaml:10:22',
                'ALT_SET=alt@compose.yaml:11:26',
                'ALT_EMPTY=@compose.yaml:12:21',
                'PLUS_EMPTY=alt@compose.yaml:13:30',
                'PLUS_UNSET=@compose.yaml:14:22',
                'NESTED=deep@compose.yaml:15:41',
                'ESCAPED=${SET}@compose.yaml:16:19',
                'REQUIRED_EMPTY=@compose.yaml:17:26',
                'MISSING=@compose.yaml:18:19',
              ],
            },
          },
        },
        findings: [
          'compose.yaml:18:19 compose-interpolation warning The "UNSET" variable is not set. Defaulting to a blank string.',
          'compose.yaml:20:12 compose-interpolation error required variable UNSET is missing a value: set UNSET',
        ],
      },
    },
    {
      name: 'process environment wins over .env',
      files: { 'compose.yaml': 'services:\n  web:\n    image: ${IMAGE}\n', '.env': 'IMAGE=dotenv\n' },
      env: { IMAGE: 'process' },
      expected: { services: { web: { image: 'process' } } },
    },
    {
      name: '.env refers to earlier values',
      files: { 'compose.yaml': 'services:\n  web:\n    image: ${IMAGE}\n', '.env': 'REGISTRY=ghcr.io\nIMAGE=${REGISTRY}/web:${TAG:-1}\n' },
      expected: { services: { web: { image: 'ghcr.io/web:1' } } },
    },
    {
      name: 'env file option replaces .env',
      files: {
        'compose.yaml': 'services:\n  web:\n    image: ${IMAGE:-none}-${OTHER:-none}\n',
        '.env': 'IMAGE=dotenv\n',
        'config/a.env': 'IMAGE=a\nOTHER=a\n',
        'config/b.env': 'OTHER=b-${IMAGE}\n',
      },
      cwd: 'config',
      options: { files: ['../compose.yaml'], envFiles: ['a.env', 'b.env'] },
      expected: { services: { web: { image: 'a-b-a' } } },
    },
    {
      name: 'COMPOSE_ENV_FILES replaces .env',
      files: { 'compose.yaml': 'services:\n  web:\n    image: ${IMAGE:-none}\n', '.env': 'IMAGE=dotenv\n', 'ci.env': 'IMAGE=ci\n' },
      env: { COMPOSE_ENV_FILES: 'ci.env' },
      expected: { services: { web: { image: 'ci' } } },
    },
    {
      name: 'env file option wins over COMPOSE_ENV_FILES',
      files: { 'compose.yaml': 'services:\n  web:\n    image: ${IMAGE:-none}\n', 'one.env': 'IMAGE=one\n', 'two.env': 'IMAGE=two\n' },
      env: { COMPOSE_ENV_FILES: 'one.env' },
      options: { envFiles: ['two.env'] },
      expected: { services: { web: { image: 'two' } } },
    },
    {
      name: 'missing env file rejected',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' },
      options: { envFiles: ['gone.env'] },
      error: 'env file <root>/gone.env not found: check the path given with --env-file',
    },
    {
      name: 'COMPOSE_DISABLE_ENV_FILE skips .env',
      files: { 'compose.yaml': 'services:\n  web:\n    image: ${IMAGE:-none}\n', '.env': 'IMAGE=dotenv\n' },
      env: { COMPOSE_DISABLE_ENV_FILE: '1' },
      expected: { services: { web: { image: 'none' } } },
    },
    {
      name: 'COMPOSE_PROJECT_NAME from .env',
      files: { 'compose.yaml': 'name: declared\nservices:\n  web:\n    build: .\n', '.env': 'COMPOSE_PROJECT_NAME=fromdotenv\n' },
      expected: { name: 'fromdotenv', services: { web: { image: 'fromdotenv-web' } } },
    },
    {
      name: 'COMPOSE_FILE from .env',
      files: { 'compose.yaml': 'services:\n  other:\n    image: x\n', 'ci.yaml': 'services:\n  web:\n    image: ci\n', '.env': 'COMPOSE_FILE=ci.yaml\n' },
      expected: { composeFiles: ['ci.yaml'], services: { web: { image: 'ci' } } },
    },
  ]);
});

describe('YAML', () => {
  const anchors = [
    'x-build: &build',
    '  context: ./common',
    '  args:',
    '    SHARED: "yes"',
    '  additional_contexts: &contexts',
    '    - lib=./lib',
    'x-tags: &tags [web:1]',
    'services:',
    '  web:',
    '    build:',
    '      <<: *build',
    '      target: web',
    '      tags: *tags',
    '  worker:',
    '    build: *build',
    '  api:',
    '    build:',
    '      context: ./api',
    '      additional_contexts: *contexts',
  ].join('\n');

  runCases([
    {
      name: 'alias values located at use',
      files: { 'compose.yaml': anchors },
      expected: {
        services: {
          web: {
            build: {
              at: 'compose.yaml:11:7',
              context: 'common',
              contextAt: 'compose.yaml:11:11 (anchor compose.yaml:2:12)',
              args: ['SHARED=yes@compose.yaml:11:11 (anchor compose.yaml:4:5)'],
              // Additional context paths resolve against the project directory, not the build context.
              contexts: ['lib=./lib@compose.yaml:11:11 (anchor compose.yaml:6:7) -> lib'],
              target: 'web@compose.yaml:12:15',
              tags: ['web:1@compose.yaml:13:13 (anchor compose.yaml:7:16)'],
            },
          },
          worker: {
            build: { at: 'compose.yaml:15:12 (anchor compose.yaml:2:3)', contextAt: 'compose.yaml:15:12 (anchor compose.yaml:2:12)' },
          },
          api: { build: { context: 'api', contexts: ['lib=./lib@compose.yaml:19:28 (anchor compose.yaml:6:7) -> lib'] } },
        },
      },
    },
    {
      name: 'extension fields ignored',
      files: {
        'compose.yaml': 'x-common: {anything: [1, 2]}\nservices:\n  web:\n    image: nginx\n    x-note: {free: form}\n    build:\n      context: .\n      x-bake: {platforms: [a]}\n',
      },
      expected: { services: { web: { image: 'nginx', build: { context: '.' } } } },
    },
    {
      name: 'duplicate key reported',
      files: { 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' },
      expected: {
        services: { web: { image: 'a' } },
        findings: ['compose.yaml:4:5 yaml-syntax error duplicate key "image": keys of a mapping must be unique'],
      },
    },
    {
      name: 'excessive aliasing reported',
      files: {
        'compose.yaml': [
          'x-a: &a [x, x, x, x, x, x, x, x, x, x]',
          'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
          'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
          'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
          'x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
          'services:',
          '  web:',
          '    image: nginx',
          '    command: *e',
        ].join('\n'),
      },
      expected: {
        findings: ['compose.yaml:9:14 yaml-syntax error document contains excessive aliasing: aliases expand to more than 100000 values'],
      },
    },
  ]);
});

describe('project name and image names', () => {
  const compose = 'services:\n  web:\n    build: .\n';
  runCases([
    { name: 'directory name', files: { 'compose.yaml': compose }, expected: { name: 'app', services: { web: { image: 'app-web' } } } },
    {
      name: 'last name of files wins',
      files: { 'a.yaml': `name: first\n${compose}`, 'b.yaml': 'name: Second.Name\n' },
      options: { files: ['a.yaml', 'b.yaml'] },
      expected: { name: 'secondname', services: { web: { image: 'secondname-web' } } },
    },
    {
      name: 'environment wins over name',
      files: { 'compose.yaml': `name: declared\n${compose}` },
      env: { COMPOSE_PROJECT_NAME: 'fromenv' },
      expected: { name: 'fromenv' },
    },
    {
      name: 'option wins over environment',
      files: { 'compose.yaml': compose },
      options: { projectName: 'cli' },
      env: { COMPOSE_PROJECT_NAME: 'fromenv' },
      expected: { services: { web: { image: 'cli-web' } } },
    },
    { name: 'compatibility option', files: { 'compose.yaml': compose }, options: { compatibility: true }, expected: { services: { web: { image: 'app_web' } } } },
    {
      name: 'COMPOSE_COMPATIBILITY from .env',
      files: { 'compose.yaml': compose, '.env': 'COMPOSE_COMPATIBILITY=true\n' },
      expected: { services: { web: { image: 'app_web' } } },
    },
    {
      name: 'image set keeps its name',
      files: { 'compose.yaml': 'services:\n  web:\n    image: registry/web:2\n    build: .\n' },
      options: { compatibility: true },
      expected: { services: { web: { image: 'registry/web:2' } } },
    },
  ]);
});

describe('consistency checks', () => {
  runCases([
    {
      name: 'dockerfile with inline',
      files: { 'compose.yaml': 'services:\n  web:\n    build:\n      dockerfile: Dockerfile\n      dockerfile_inline: FROM alpine\n' },
      expected: {
        findings: ['compose.yaml:5:26 compose-schema error service "web" sets both dockerfile and dockerfile_inline, which are mutually exclusive'],
      },
    },
    {
      name: 'platforms without service platform',
      files: { 'compose.yaml': 'services:\n  web:\n    platform: linux/arm64\n    build:\n      context: .\n      platforms: [linux/amd64]\n' },
      expected: {
        findings: ['compose.yaml:3:15 compose-schema error services.web.build.platforms must include the service platform "linux/arm64"'],
      },
    },
    {
      name: 'undefined build secret',
      files: {
        'compose.yaml': [
          'services:',
          '  web:',
          '    build:',
          '      context: .',
          '      secrets:',
          '        - npm',
          '        - source: token',
          '          target: api_token',
          'secrets:',
          '  npm:',
          '    file: ./npmrc',
        ].join('\n'),
      },
      expected: {
        services: { web: { build: { secrets: ['npm@compose.yaml:6:11', 'token@compose.yaml:7:19'] } } },
        findings: [
          'compose.yaml:7:19 compose-schema error service "web" refers to undefined build secret token: declare "token" under the top-level secrets',
        ],
      },
    },
    {
      name: 'neither image nor build',
      files: { 'compose.yaml': 'services:\n  web:\n    platform: linux/amd64\n  ok:\n    provider:\n      type: model\n' },
      expected: { findings: ['compose.yaml:2:3 compose-schema error service "web" has neither an image nor a build context specified'] },
    },
    {
      name: 'disabled service not checked',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n  debug:\n    profiles: [debug]\n    platform: linux/amd64\n' },
      options: { profiles: ['prod'] },
      expected: { disabledServices: ['debug'] },
    },
  ]);
});
