import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Finding } from '../src/engine/finding.js';
import { DiskHost } from '../src/host.js';
import { InputError, imageName, loadProject, type ComposeProject, type LoadOptions, type Service } from '../src/project/index.js';
import type { SourceRange } from '../src/source.js';

const temporaryDirectories: string[] = [];
afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

/** Writes files under a new temporary directory `<tmp>/<directoryName>` and returns its path. */
function writeProject(files: Record<string, string>, directoryName = 'app'): string {
  const temporaryDirectory = mkdtempSync(join(tmpdir(), 'compose-lint-loader-'));
  temporaryDirectories.push(temporaryDirectory);
  const root = join(temporaryDirectory, directoryName);
  mkdirSync(root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  }
  return root;
}

/** Loads with `cwd` as the current directory and only `env` as the process environment. */
function load(cwd: string, options: LoadOptions = {}, env: Record<string, string> = {}): ComposeProject {
  return loadProject(options, new DiskHost(cwd, env));
}

function loadFiles(files: Record<string, string>, options: LoadOptions = {}, env: Record<string, string> = {}): ComposeProject {
  return load(writeProject(files), options, env);
}

/** Reads the text a range covers in the file it points into. */
function textAt(range: SourceRange): string {
  return readFileSync(range.file, 'utf8').slice(range.start.offset, range.end.offset);
}

/** Formats a range as `line:column-line:column`. */
function spanOf(range: SourceRange): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

function serviceNamed(project: ComposeProject, name: string): Service {
  const service = project.services.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`service ${name} not loaded; loaded: ${project.services.map((s) => s.name).join(', ')}`);
  return service;
}

/** `ruleId severity line:column-line:column message` of each finding. */
function describeFindings(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.severity} ${spanOf(finding.range)} ${finding.message}`);
}

function expectInputError(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

const minimal = 'services:\n  web:\n    image: nginx\n';

describe('file discovery', () => {
  test.each([
    [['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'], 'compose.yaml'],
    [['compose.yml', 'docker-compose.yml', 'docker-compose.yaml'], 'compose.yml'],
    [['docker-compose.yml', 'docker-compose.yaml'], 'docker-compose.yml'],
    [['docker-compose.yaml'], 'docker-compose.yaml'],
  ])('default files %j pick %s', (present, expected) => {
    const root = writeProject(Object.fromEntries(present.map((name) => [name, minimal])));
    const project = load(root);
    expect(project.composeFiles).toEqual([join(root, expected)]);
  });

  test.each([
    [['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml'], 'compose.override.yml'],
    [['compose.override.yaml', 'docker-compose.override.yml'], 'compose.override.yaml'],
    [['docker-compose.override.yml', 'docker-compose.override.yaml'], 'docker-compose.override.yml'],
    [['docker-compose.override.yaml'], 'docker-compose.override.yaml'],
  ])('override files %j pick %s', (present, expected) => {
    const files = Object.fromEntries(present.map((name) => [name, 'services:\n  web:\n    image: override\n']));
    const root = writeProject({ 'docker-compose.yml': minimal, ...files });
    const project = load(root);
    expect(project.composeFiles).toEqual([join(root, 'docker-compose.yml'), join(root, expected)]);
  });

  test('override file merged over base', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n',
      'compose.override.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
    });
    const web = serviceNamed(load(root), 'web');
    expect(web.image?.value).toBe('nginx:1.27');
    expect(web.image?.range.file).toBe(join(root, 'compose.override.yaml'));
    expect(spanOf(web.image!.range)).toBe('3:12-3:22');
    expect(web.nameRange.file).toBe(join(root, 'compose.yaml'));
  });

  test('walks up to parent directory', () => {
    const root = writeProject({ 'compose.yaml': minimal, 'src/deep/file.txt': '' });
    const project = load(join(root, 'src', 'deep'));
    expect(project.composeFiles).toEqual([join(root, 'compose.yaml')]);
    expect(project.workingDir).toBe(root);
    expect(project.name).toBe('app');
  });

  test('path option as directory', () => {
    const root = writeProject({ 'service/compose.yml': minimal });
    const project = load(root, { path: 'service' });
    expect(project.composeFiles).toEqual([join(root, 'service', 'compose.yml')]);
  });

  test('path option as file', () => {
    const root = writeProject({ 'ci.yaml': minimal, 'compose.yaml': 'services:\n  other:\n    image: x\n' });
    const project = load(root, { path: 'ci.yaml' });
    expect(project.composeFiles).toEqual([join(root, 'ci.yaml')]);
    expect(project.services.map((service) => service.name)).toEqual(['web']);
  });

  test('-f files keep order and merge', () => {
    const root = writeProject({
      'base.yml': 'services:\n  web:\n    image: base\n    platform: linux/amd64\n  worker:\n    image: worker\n',
      'deploy/prod.yml': 'services:\n  web:\n    image: prod\n  cache:\n    image: redis\n',
    });
    const project = load(root, { files: ['deploy/prod.yml', 'base.yml'] });
    expect(project.composeFiles).toEqual([join(root, 'deploy/prod.yml'), join(root, 'base.yml')]);
    expect(project.workingDir).toBe(join(root, 'deploy'));
    expect(project.services.map((service) => service.name)).toEqual(['web', 'cache', 'worker']);
    expect(serviceNamed(project, 'web').image?.value).toBe('base');
    expect(serviceNamed(project, 'web').platform?.range.file).toBe(join(root, 'base.yml'));
  });

  test('-f relative to cwd', () => {
    const root = writeProject({ 'a/compose.yaml': minimal });
    const project = load(join(root, 'a'), { files: ['compose.yaml'] });
    expect(project.composeFiles).toEqual([join(root, 'a', 'compose.yaml')]);
  });

  test('COMPOSE_FILE with custom separator', () => {
    const root = writeProject({
      'one.yml': 'services:\n  web:\n    image: one\n',
      'two.yml': 'services:\n  web:\n    image: two\n',
      'compose.yaml': 'services:\n  ignored:\n    image: x\n',
    });
    const project = load(root, {}, { COMPOSE_FILE: 'one.yml;two.yml', COMPOSE_PATH_SEPARATOR: ';' });
    expect(project.composeFiles).toEqual([join(root, 'one.yml'), join(root, 'two.yml')]);
    expect(serviceNamed(project, 'web').image?.value).toBe('two');
  });

  test('COMPOSE_FILE from .env', () => {
    const root = writeProject({ '.env': 'COMPOSE_FILE=main.yml\n', 'main.yml': minimal, 'compose.yaml': 'services: {}\n' });
    expect(load(root).composeFiles).toEqual([join(root, 'main.yml')]);
  });

  test('COMPOSE_FILE ignored with -f', () => {
    const root = writeProject({ 'a.yml': minimal, 'b.yml': minimal });
    const project = load(root, { files: ['a.yml'] }, { COMPOSE_FILE: 'b.yml' });
    expect(project.composeFiles).toEqual([join(root, 'a.yml')]);
  });

  test('project directory option', () => {
    const root = writeProject({ 'compose/compose.yaml': 'services:\n  web:\n    build: ./web\n' });
    const project = load(root, { files: ['compose/compose.yaml'], projectDirectory: '.' });
    expect(project.workingDir).toBe(root);
    expect(serviceNamed(project, 'web').build?.contextPath).toBe(join(root, 'web'));
  });
});

describe('input errors', () => {
  test('missing -f file', () => {
    const root = writeProject({ 'compose.yaml': minimal });
    const error = expectInputError(() => load(root, { files: ['nope.yml'] }));
    expect(error.message).toBe(`compose file ${join(root, 'nope.yml')} not found: check the path given with -f`);
    expect(error.file).toBe(join(root, 'nope.yml'));
  });

  test('directory given as -f', () => {
    const root = writeProject({ 'sub/compose.yaml': minimal });
    const error = expectInputError(() => load(root, { files: ['sub'] }));
    expect(error.message).toBe(
      `${join(root, 'sub')} is a directory, not a compose file: pass the directory as PATH or a file in it with -f`,
    );
  });

  test('missing path option', () => {
    const root = writeProject({ 'compose.yaml': minimal });
    const error = expectInputError(() => load(root, { path: 'missing' }));
    expect(error.message).toBe(`path ${join(root, 'missing')} not found: pass an existing compose file or project directory`);
  });

  test('no compose file anywhere', () => {
    // The temporary directory's parents must not hold a compose file for this test to mean anything.
    const root = writeProject({ 'README.md': '' });
    const error = expectInputError(() => load(root));
    expect(error.message).toBe(
      `no compose file found in ${root} or its parent directories: create compose.yaml or pass a compose file with -f`,
    );
  });

  test('missing COMPOSE_FILE entry', () => {
    const root = writeProject({ 'compose.yaml': minimal });
    const error = expectInputError(() => load(root, {}, { COMPOSE_FILE: 'gone.yml' }));
    expect(error.message).toBe(`compose file ${join(root, 'gone.yml')} not found: fix COMPOSE_FILE or pass files with -f`);
  });
});

describe('project name', () => {
  test('directory name normalized', () => {
    const root = writeProject({ 'compose.yaml': minimal }, 'My.App');
    expect(load(root).name).toBe('myapp');
  });

  test.each([
    ['-p wins over all', { projectName: 'cli' }, { COMPOSE_PROJECT_NAME: 'env' }, 'cli'],
    ['environment wins over name:', {}, { COMPOSE_PROJECT_NAME: 'env' }, 'env'],
    ['name: wins over directory', {}, {}, 'declared'],
  ])('%s', (_case, options, env, expected) => {
    const project = loadFiles({ 'compose.yaml': `name: declared\n${minimal}`, '.env': 'UNUSED=1\n' }, options, env);
    expect(project.name).toBe(expected);
  });

  test('COMPOSE_PROJECT_NAME from .env', () => {
    const project = loadFiles({ 'compose.yaml': `name: declared\n${minimal}`, '.env': 'COMPOSE_PROJECT_NAME=fromdotenv\n' });
    expect(project.name).toBe('fromdotenv');
  });

  test('last name: of files wins', () => {
    const root = writeProject({
      'a.yml': `name: first\n${minimal}`,
      'b.yml': 'name: ${SUFFIX}-Second\n',
      'c.yml': 'services: {}\n',
    });
    const project = load(root, { files: ['a.yml', 'b.yml', 'c.yml'] }, { SUFFIX: '_Team' });
    expect(project.name).toBe('team-second');
  });

  test('resolved name interpolated', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: ${COMPOSE_PROJECT_NAME}-web\n' }, { projectName: 'shop' });
    expect(serviceNamed(project, 'web').image?.value).toBe('shop-web');
    expect(project.environment.COMPOSE_PROJECT_NAME).toBe('shop');
  });

  test.each([
    ['-p', { projectName: 'My.App' }, {}, 'My.App'],
    ['COMPOSE_PROJECT_NAME', {}, { COMPOSE_PROJECT_NAME: '_app' }, '_app'],
  ])('invalid %s rejected', (_source, options, env, name) => {
    const error = expectInputError(() => loadFiles({ 'compose.yaml': minimal }, options, env));
    expect(error.message).toBe(
      `invalid project name "${name}": must consist only of lowercase alphanumeric characters, hyphens, ` +
        'and underscores as well as start with a letter or number',
    );
  });

  test('empty declared name reported', () => {
    const project = loadFiles({ 'compose.yaml': `name: "..."\n${minimal}` });
    expect(project.name).toBe('app');
    expect(describeFindings(project.findings)).toEqual([
      'compose-schema error 1:7-1:12 project name "..." normalizes to an empty name: use lowercase letters, digits, "-" and "_"',
    ]);
  });

  test('empty directory name rejected', () => {
    const root = writeProject({ 'compose.yaml': minimal }, '__');
    const error = expectInputError(() => load(root));
    expect(error.message).toBe(
      'project name must not be empty: directory name "__" normalizes to "", so set a name with -p or a top-level name: in the compose file',
    );
  });

  test.each([
    [{}, {}, '-', 'app-web'],
    [{ compatibility: true }, {}, '_', 'app_web'],
    [{}, { COMPOSE_COMPATIBILITY: 'true' }, '_', 'app_web'],
    [{}, { COMPOSE_COMPATIBILITY: '1' }, '_', 'app_web'],
    [{}, { COMPOSE_COMPATIBILITY: 'no' }, '-', 'app-web'],
  ])('image separator for %j %j', (options, env, separator, image) => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    build: .\n' }, options, env);
    expect(project.imageSeparator).toBe(separator);
    expect(imageName(project, serviceNamed(project, 'web'))).toBe(image);
  });
});

describe('environment', () => {
  const dotEnv = [
    '# comment',
    '',
    'BASE=alpine',
    'export TAG="3.20" # pinned',
    "QUOTED='${BASE}'",
    'DERIVED=${BASE}:${TAG}',
    'FROM_PROCESS=${HOSTNAME_SET}-x',
    'SHADOWED=dotenv',
  ].join('\n');

  test('.env values and references', () => {
    const project = loadFiles({ 'compose.yaml': minimal, '.env': dotEnv }, {}, { HOSTNAME_SET: 'box', SHADOWED: 'process' });
    expect(project.environment).toMatchObject({
      BASE: 'alpine',
      TAG: '3.20',
      QUOTED: '${BASE}',
      DERIVED: 'alpine:3.20',
      FROM_PROCESS: 'box-x',
      SHADOWED: 'process',
    });
  });

  test('process environment wins', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: ${IMAGE}\n', '.env': 'IMAGE=dotenv\n' }, {}, { IMAGE: 'process' });
    expect(serviceNamed(project, 'web').image?.value).toBe('process');
  });

  test('COMPOSE_DISABLE_ENV_FILE skips .env', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: ${IMAGE:-none}\n', '.env': 'IMAGE=dotenv\n' };
    const project = loadFiles(files, {}, { COMPOSE_DISABLE_ENV_FILE: 'true' });
    expect(serviceNamed(project, 'web').image?.value).toBe('none');
  });

  test('.env of project directory', () => {
    const root = writeProject({ 'deploy/compose.yaml': 'services:\n  web:\n    image: ${IMAGE}\n', 'deploy/.env': 'IMAGE=deployed\n' });
    const project = load(root, { files: ['deploy/compose.yaml'] });
    expect(serviceNamed(project, 'web').image?.value).toBe('deployed');
  });

  test('.env syntax error position', () => {
    const project = loadFiles({ 'compose.yaml': minimal, '.env': 'GOOD=1\nBAD KEY=2\nAFTER=3\n' });
    expect(describeFindings(project.findings)).toEqual([
      'compose-env-file error 2:1-2:8 variable name "BAD KEY" must not contain a space',
    ]);
    expect(project.environment.AFTER).toBe('3');
  });
});

describe('interpolation in compose files', () => {
  const compose = [
    'services:',
    '  web:',
    '    image: "${REGISTRY:-docker.io}/${NAME:?set NAME}:${TAG}"',
    '    platform: $PLATFORM',
    '    build:',
    '      context: ${CONTEXT-.}',
    '      target: ${STAGE:+release}',
    '      dockerfile: $${literal}/$1/Dockerfile',
    '    profiles: ["${MISSING}", "${A:-${B:-nested}}"]',
    '  bad:',
    '    image: x${oops',
    'x-extension: ${IN_EXTENSION:?extensions are interpolated too}',
  ].join('\n');

  const project = loadFiles({ 'compose.yaml': compose }, {}, { PLATFORM: 'linux/arm64', STAGE: 'x' });
  const web = serviceNamed(project, 'web');

  test.each([
    ['image', () => web.image?.value, 'docker.io/:'],
    ['platform', () => web.platform?.value, 'linux/arm64'],
    ['context default', () => web.build?.context.value, '.'],
    ['alternative', () => web.build?.target?.value, 'release'],
    ['escaped dollar', () => web.build?.dockerfile?.value, '${literal}/$1/Dockerfile'],
    ['nested default', () => web.profiles[1], 'nested'],
  ])('%s value', (_field, read, expected) => {
    expect(read()).toBe(expected);
  });

  test('findings at expressions', () => {
    expect(describeFindings(project.findings)).toEqual([
      'compose-interpolation error 3:36-3:53 required variable NAME is missing a value: set NAME',
      'compose-interpolation warning 3:54-3:60 The "TAG" variable is not set. Defaulting to a blank string.',
      'compose-interpolation warning 9:17-9:27 The "MISSING" variable is not set. Defaulting to a blank string.',
      'compose-interpolation error 11:13-11:19 invalid interpolation format for services.bad.image: "${oops" (write a literal $ as $$)',
      'compose-interpolation error 12:14-12:62 required variable IN_EXTENSION is missing a value: extensions are interpolated too',
    ]);
  });

  test('finding range covers expression', () => {
    const required = project.findings.find((finding) => finding.message.startsWith('required variable NAME'))!;
    expect(textAt(required.range)).toBe('${NAME:?set NAME}');
  });

  test('keys are not interpolated', () => {
    const keys = loadFiles({ 'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      args:\n        ${KEY}: v\n' });
    expect(keys.services[0]?.build?.args.map((arg) => arg.key)).toEqual(['${KEY}']);
  });
});

describe('build', () => {
  test('short form', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    build: ./web\n' });
    const build = serviceNamed(project, 'web').build!;
    expect(build.shortForm).toBe(true);
    expect(build.context.value).toBe('./web');
    expect(build.contextDefaulted).toBe(false);
    expect(textAt(build.range)).toBe('./web');
    expect(textAt(build.keyRange)).toBe('build');
    expect(build.contextPath).toBe(join(project.workingDir, 'web'));
    expect(build.dockerfilePath).toBe(join(project.workingDir, 'web', 'Dockerfile'));
  });

  test('long form defaults', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    build:\n      target: prod\n' });
    const build = serviceNamed(project, 'web').build!;
    expect(build.shortForm).toBe(false);
    expect(build.context.value).toBe('.');
    expect(build.contextDefaulted).toBe(true);
    expect(build.contextPath).toBe(project.workingDir);
    expect(build.dockerfilePath).toBe(join(project.workingDir, 'Dockerfile'));
    expect(textAt(build.target!.range)).toBe('prod');
    expect(spanOf(build.range)).toBe('4:7-4:19');
  });

  test('dockerfile relative to context', () => {
    const project = loadFiles({
      'compose.yaml': 'services:\n  web:\n    build:\n      context: services/web\n      dockerfile: ../docker/web.Dockerfile\n',
    });
    expect(serviceNamed(project, 'web').build?.dockerfilePath).toBe(join(project.workingDir, 'services/docker/web.Dockerfile'));
  });

  test('absolute dockerfile kept', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: /srv/Dockerfile\n' });
    expect(serviceNamed(project, 'web').build?.dockerfilePath).toBe('/srv/Dockerfile');
  });

  test('home context expanded', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    build: ~/src/web\n' }, {}, { HOME: '/home/dev' });
    expect(serviceNamed(project, 'web').build?.contextPath).toBe('/home/dev/src/web');
  });

  test.each([
    'https://github.com/docker/compose.git#main',
    'http://example.com/context.tar.gz',
    'git://example.com/repo.git',
    'ssh://git@example.com/repo.git',
    'github.com/docker/compose',
    'git@github.com:docker/compose.git',
    's3://bucket/context',
  ])('remote context %s', (context) => {
    const project = loadFiles({ 'compose.yaml': `services:\n  web:\n    build:\n      context: ${context}\n      dockerfile: app.Dockerfile\n` });
    const build = serviceNamed(project, 'web').build!;
    expect(build.context.value).toBe(context);
    expect(build.contextPath).toBeUndefined();
    expect(build.dockerfilePath).toBeUndefined();
  });

  test('fields and platforms', () => {
    const project = loadFiles({
      'compose.yaml': [
        'services:',
        '  web:',
        '    platform: linux/amd64',
        '    profiles: [web, debug]',
        '    build:',
        '      context: .',
        '      platforms: [linux/amd64, "linux/arm64"]',
        '      tags:',
        '        - registry/web:1',
        '      x-bake: {ignored: true}',
      ].join('\n'),
    });
    const web = serviceNamed(project, 'web');
    expect(web.profiles).toEqual(['web', 'debug']);
    expect(web.build?.platforms.map((platform) => platform.value)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(textAt(web.build!.platforms[1]!.range)).toBe('"linux/arm64"');
    expect(spanOf(web.build!.tags[0]!.range)).toBe('9:11-9:25');
    expect(project.findings).toEqual([]);
  });

  test('args map form', () => {
    const project = loadFiles({
      'compose.yaml': [
        'services:',
        '  web:',
        '    build:',
        '      context: .',
        '      args:',
        '        VERSION: 1.10',
        '        DEBUG: true',
        '        EMPTY: ""',
        '        INHERITED:',
        '        "QUOTED KEY": \'single\'',
      ].join('\n'),
    });
    const args = serviceNamed(project, 'web').build!.args;
    expect(args.map((arg) => [arg.key, arg.value])).toEqual([
      ['VERSION', '1.10'],
      ['DEBUG', 'true'],
      ['EMPTY', ''],
      ['INHERITED', undefined],
      ['QUOTED KEY', 'single'],
    ]);
    expect(args.map((arg) => textAt(arg.keyRange))).toEqual(['VERSION', 'DEBUG', 'EMPTY', 'INHERITED', '"QUOTED KEY"']);
    expect(args.map((arg) => textAt(arg.valueRange))).toEqual(['1.10', 'true', '""', '', "'single'"]);
    expect(spanOf(args[3]!.valueRange)).toBe('9:19-9:19');
  });

  test('args list form', () => {
    const project = loadFiles(
      {
        'compose.yaml': [
          'services:',
          '  web:',
          '    build:',
          '      context: .',
          '      args:',
          '        - VERSION=1.10',
          '        - EMPTY=',
          '        - INHERITED',
          '        - "QUOTED=a=b"',
          "        - 'SINGLE=x'",
          '        - FROM_ENV=${TAG}-slim',
          '        - "ESCAPED=\\ttab"',
        ].join('\n'),
      },
      {},
      { TAG: '3.20' },
    );
    const args = serviceNamed(project, 'web').build!.args;
    expect(args.map((arg) => [arg.key, arg.value])).toEqual([
      ['VERSION', '1.10'],
      ['EMPTY', ''],
      ['INHERITED', undefined],
      ['QUOTED', 'a=b'],
      ['SINGLE', 'x'],
      ['FROM_ENV', '3.20-slim'],
      ['ESCAPED', '\ttab'],
    ]);
    expect(args.slice(0, 6).map((arg) => textAt(arg.keyRange))).toEqual(['VERSION', 'EMPTY', 'INHERITED', 'QUOTED', 'SINGLE', 'FROM_ENV']);
    expect(args.slice(0, 6).map((arg) => textAt(arg.valueRange))).toEqual(['1.10', '', '', 'a=b', 'x', '${TAG}-slim']);
    expect(spanOf(args[0]!.keyRange)).toBe('6:11-6:18');
    expect(spanOf(args[0]!.valueRange)).toBe('6:19-6:23');
    expect(spanOf(args[1]!.valueRange)).toBe('7:17-7:17');
    expect(spanOf(args[3]!.keyRange)).toBe('9:12-9:18');
  });

  test('escaped list entry falls back', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    build:\n      args:\n        - "ESCAPED=\\ttab"\n' });
    const entry = serviceNamed(project, 'web').build!.args[0]!;
    expect(textAt(entry.keyRange)).toBe('"ESCAPED=\\ttab"');
    expect(textAt(entry.valueRange)).toBe('"ESCAPED=\\ttab"');
  });

  test('additional contexts both forms', () => {
    const project = loadFiles({
      'compose.yaml': [
        'services:',
        '  web:',
        '    build:',
        '      additional_contexts:',
        '        base: service:base',
        '        assets: ./assets',
        '  api:',
        '    build:',
        '      additional_contexts:',
        '        - base=docker-image://alpine:3.20',
        '        - shared=../shared=dir',
        '        - broken',
        '  base:',
        '    build: ./base',
      ].join('\n'),
    });
    const web = serviceNamed(project, 'web').build!.additionalContexts;
    expect(web.map((entry) => [entry.key, entry.value, entry.contextPath])).toEqual([
      ['base', 'service:base', undefined],
      ['assets', './assets', join(project.workingDir, 'assets')],
    ]);
    const api = serviceNamed(project, 'api').build!.additionalContexts;
    expect(api.map((entry) => [entry.key, entry.value])).toEqual([
      ['base', 'docker-image://alpine:3.20'],
      ['shared', '../shared=dir'],
    ]);
    expect(api.map((entry) => spanOf(entry.keyRange))).toEqual(['10:11-10:15', '11:11-11:17']);
    expect(api.map((entry) => spanOf(entry.valueRange))).toEqual(['10:16-10:42', '11:18-11:31']);
    expect(describeFindings(project.findings)).toEqual([
      'compose-schema error 12:11-12:17 services.api.build.additional_contexts[2] has invalid value "broken": expected KEY=VALUE',
    ]);
  });
});

describe('inline Dockerfile', () => {
  test('literal block maps lines', () => {
    const compose = [
      'services:',
      '  service_b:',
      '    build:',
      '      context: .',
      '      dockerfile_inline: |',
      '        # syntax=docker/dockerfile:1',
      '        ARG BASE=alpine',
      '        FROM service_a',
      '        RUN echo done',
      '  service_a:',
      '    build: ./a',
    ].join('\n');
    const inline = serviceNamed(loadFiles({ 'compose.yaml': compose }), 'service_b').build!.dockerfileInline!;
    expect(inline.text).toBe('# syntax=docker/dockerfile:1\nARG BASE=alpine\nFROM service_a\nRUN echo done\n');

    const reference = inline.locate(inline.text.indexOf('service_a'));
    expect([reference.line, reference.column]).toEqual([8, 14]);
    expect(compose.slice(reference.offset, reference.offset + 9)).toBe('service_a');
    expect(textAt(inline.range).startsWith('|\n        # syntax')).toBe(true);
  });

  test('interpolated block maps lines', () => {
    const compose = 'services:\n  web:\n    build:\n      dockerfile_inline: |-\n        FROM ${BASE:-alpine}\n        COPY --from=${SOURCE} /a /b\n';
    const inline = serviceNamed(loadFiles({ 'compose.yaml': compose }, {}, { SOURCE: 'service_a' }), 'web').build!.dockerfileInline!;
    expect(inline.text).toBe('FROM alpine\nCOPY --from=service_a /a /b');

    const defaulted = inline.locate(inline.text.indexOf('alpine'));
    expect([defaulted.line, defaulted.column]).toEqual([5, 22]);
    const substituted = inline.locate(inline.text.indexOf('service_a'));
    expect([substituted.line, substituted.column]).toEqual([6, 21]);
    const after = inline.locate(inline.text.indexOf(' /a'));
    expect([after.line, after.column]).toEqual([6, 30]);
  });

  test('folded block maps words', () => {
    const compose = 'services:\n  web:\n    build:\n      dockerfile_inline: >\n        FROM alpine\n\n        RUN true\n';
    const inline = serviceNamed(loadFiles({ 'compose.yaml': compose }), 'web').build!.dockerfileInline!;
    expect(inline.text).toBe('FROM alpine\nRUN true\n');
    const run = inline.locate(inline.text.indexOf('RUN'));
    expect([run.line, run.column]).toEqual([7, 9]);
  });

  test('escaped string maps to start', () => {
    const compose = 'services:\n  web:\n    build:\n      dockerfile_inline: "FROM a\\nFROM b"\n';
    const inline = serviceNamed(loadFiles({ 'compose.yaml': compose }), 'web').build!.dockerfileInline!;
    expect(inline.text).toBe('FROM a\nFROM b');
    const second = inline.locate(inline.text.indexOf('FROM b'));
    expect([second.line, second.column]).toEqual([4, 26]);
  });

  test('dockerfile path unset', () => {
    const compose = 'services:\n  web:\n    build:\n      dockerfile_inline: FROM alpine\n';
    expect(serviceNamed(loadFiles({ 'compose.yaml': compose }), 'web').build?.dockerfilePath).toBeUndefined();
  });

  test('both dockerfile forms reported', () => {
    const compose = 'services:\n  web:\n    build:\n      dockerfile: Dockerfile\n      dockerfile_inline: FROM alpine\n';
    expect(describeFindings(loadFiles({ 'compose.yaml': compose }).findings)).toEqual([
      'compose-schema error 5:26-5:37 service "web" sets both dockerfile and dockerfile_inline, which are mutually exclusive',
    ]);
  });
});

describe('merging', () => {
  const base = [
    'services:',
    '  web:',
    '    image: web:base',
    '    profiles: [web, debug]',
    '    build:',
    '      context: ./web',
    '      target: dev',
    '      args:',
    '        A: base',
    '        B: base',
    '      additional_contexts: [lib=./lib]',
    '      platforms: [linux/amd64]',
    '      tags: [web:1, web:2]',
    '  worker:',
    '    build:',
    '      context: ./worker',
    '      args: [X=1]',
  ].join('\n');
  const override = [
    'services:',
    '  web:',
    '    profiles: [debug, prod]',
    '    build:',
    '      target: prod',
    '      args:',
    '        - B=override',
    '        - C=override',
    '      additional_contexts:',
    '        lib: ./lib2',
    '      platforms: [linux/amd64, linux/arm64]',
    '      tags: [web:2, web:3]',
    '  worker:',
    '    build: ./worker2',
  ].join('\n');

  const root = writeProject({ 'compose.yaml': base, 'compose.override.yaml': override });
  const project = load(root);
  const web = serviceNamed(project, 'web');
  const worker = serviceNamed(project, 'worker');
  const overrideFile = join(root, 'compose.override.yaml');

  test('scalar replaced with range', () => {
    expect(web.build?.target?.value).toBe('prod');
    expect(web.build?.target?.range.file).toBe(overrideFile);
    expect(web.build?.context.value).toBe('./web');
    expect(web.image?.value).toBe('web:base');
  });

  test('args merged by key', () => {
    expect(web.build?.args.map((arg) => `${arg.key}=${arg.value}`)).toEqual(['A=base', 'B=override', 'C=override']);
    expect(web.build?.args[1]?.keyRange.file).toBe(overrideFile);
    expect(spanOf(web.build!.args[1]!.valueRange)).toBe('7:13-7:21');
  });

  test('contexts merged by key', () => {
    const contexts = web.build!.additionalContexts;
    expect(contexts.map((entry) => [entry.key, entry.contextPath])).toEqual([['lib', join(root, 'lib2')]]);
  });

  test('lists appended', () => {
    expect(web.build?.platforms.map((platform) => platform.value)).toEqual(['linux/amd64', 'linux/amd64', 'linux/arm64']);
    expect(web.build?.tags.map((tag) => tag.value)).toEqual(['web:1', 'web:2', 'web:3']);
    expect(web.build?.tags[1]?.range.file).toBe(overrideFile);
    expect(web.profiles).toEqual(['web', 'debug', 'prod']);
  });

  test('short form merged with long', () => {
    expect(worker.build?.context.value).toBe('./worker2');
    expect(worker.build?.contextPath).toBe(join(root, 'worker2'));
    expect(worker.build?.args.map((arg) => arg.key)).toEqual(['X']);
    expect(worker.build?.shortForm).toBe(false);
    expect(textAt(worker.build!.range)).toBe('./worker2');
  });

  test('documents merge in sequence', () => {
    const documents = loadFiles({
      'compose.yaml': 'services:\n  web:\n    image: one\n---\nservices:\n  web:\n    image: two\n  db:\n    image: pg\n',
    });
    expect(documents.services.map((service) => `${service.name}:${service.image?.value}`)).toEqual(['web:two', 'db:pg']);
    expect(spanOf(serviceNamed(documents, 'web').image!.range)).toBe('7:12-7:15');
  });
});

describe('YAML features', () => {
  test('anchors and merge keys', () => {
    const compose = [
      'x-build: &build',
      '  context: ./common',
      '  args:',
      '    SHARED: "yes"',
      'x-service: &service',
      '  image: base',
      '  platform: linux/amd64',
      'services:',
      '  web:',
      '    <<: *service',
      '    image: web',
      '    build:',
      '      <<: *build',
      '      target: web',
      '  worker:',
      '    <<: [*service]',
      '    build: *build',
    ].join('\n');
    const project = loadFiles({ 'compose.yaml': compose });
    const web = serviceNamed(project, 'web');
    const worker = serviceNamed(project, 'worker');

    expect(web.image?.value).toBe('web');
    expect(spanOf(web.image!.range)).toBe('11:12-11:15');
    expect(web.platform?.value).toBe('linux/amd64');
    expect(spanOf(web.platform!.range)).toBe('10:9-10:17');
    expect(spanOf(web.platform!.anchor!)).toBe('7:13-7:24');
    expect(web.build?.context.value).toBe('./common');
    expect(web.build?.target?.value).toBe('web');
    expect(web.build?.args.map((arg) => [arg.key, arg.value])).toEqual([['SHARED', 'yes']]);
    expect(worker.image?.value).toBe('base');
    expect(spanOf(worker.build!.range)).toBe('17:12-17:18');
    expect(spanOf(worker.build!.anchor!)).toBe('2:3-4:18');
    expect(spanOf(worker.build!.context.range)).toBe('17:12-17:18');
    expect(spanOf(worker.build!.context.anchor!)).toBe('2:12-2:20');
    expect(project.findings).toEqual([]);
  });

  test('reset and override tags', () => {
    const root = writeProject({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: web',
        '    profiles: [web]',
        '    build:',
        '      context: ./web',
        '      args: [A=1]',
        '      tags: [web:1]',
        '  worker:',
        '    image: worker',
      ].join('\n'),
      'compose.override.yaml': [
        'services:',
        '  web:',
        '    image: !reset null',
        '    profiles: !override [debug]',
        '    build:',
        '      args: !override [B=2]',
        '      tags: !reset []',
        '  worker: !reset {}',
      ].join('\n'),
    });
    const project = load(root);
    const web = serviceNamed(project, 'web');
    expect(web.image).toBeUndefined();
    expect(web.profiles).toEqual(['debug']);
    expect(web.build?.args.map((arg) => arg.key)).toEqual(['B']);
    expect(web.build?.tags).toEqual([]);
    expect(web.build?.context.value).toBe('./web');
    expect(project.services.map((service) => service.name)).toEqual(['web']);
    expect(project.findings).toEqual([]);
  });

  test('unknown tag warned', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: !custom nginx\n' });
    expect(describeFindings(project.findings)).toEqual(['yaml-syntax warning 3:12-3:19 Unresolved tag: !custom']);
  });

  test('merge key fan-out stays fast', () => {
    // Each level merges the one before twice, so expanding merges naively takes 2^40 steps.
    const levels = ['x-level0: &level0 {image: base}'];
    for (let level = 1; level <= 40; level++) {
      levels.push(`x-level${level}: &level${level} {<<: [*level${level - 1}, *level${level - 1}], key${level}: v}`);
    }
    const project = loadFiles({ 'compose.yaml': `${levels.join('\n')}\nservices:\n  web:\n    <<: *level40\n` });
    expect(serviceNamed(project, 'web').image?.value).toBe('base');
  });

  test('unknown anchor reported', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: *missing\n' });
    expect(describeFindings(project.findings)).toEqual([
      'compose-schema error 2:3-2:6 service "web" has neither an image nor a build context specified',
      'yaml-syntax error 3:12-3:20 unknown anchor "missing" referenced',
    ]);
  });

  test.each([
    ['services:\n\tweb:\n    image: nginx\n', '2:1-2:2 Tabs are not allowed as indentation'],
    ['services:\n  web:\n    image: a: b\n', '3:12-3:13 Nested mappings are not allowed in compact mappings'],
    ['services:\n  web:\n    image: "nginx\n  db:\n', '5:1-5:1 Missing closing "quote'],
  ])('syntax error in %j', (compose, expected) => {
    const project = loadFiles({ 'compose.yaml': compose });
    const syntax = project.findings.filter((finding) => finding.ruleId === 'yaml-syntax');
    expect(syntax.map((finding) => `${spanOf(finding.range)} ${finding.message}`)).toContain(expected);
  });

  test('flow syntax error position', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    profiles: [a, b\n' });
    expect(describeFindings(project.findings.filter((finding) => finding.ruleId === 'yaml-syntax'))).toEqual([
      'yaml-syntax error 5:1-5:1 Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('duplicate key reported', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' });
    expect(describeFindings(project.findings)).toEqual([
      'yaml-syntax error 4:5-4:10 duplicate key "image": keys of a mapping must be unique',
    ]);
    expect(serviceNamed(project, 'web').image?.value).toBe('a');
  });

  test('empty file reported', () => {
    for (const text of ['', '# only a comment\n', '---\n']) {
      const project = loadFiles({ 'compose.yaml': text });
      expect(project.services).toEqual([]);
      expect(describeFindings(project.findings)).toEqual(['compose-schema error 1:1-1:1 empty compose file']);
    }
  });

  test('empty override accepted', () => {
    const project = loadFiles({ 'compose.yaml': minimal, 'compose.override.yaml': '# nothing yet\n' });
    expect(project.findings).toEqual([]);
  });
});

describe('wrong types', () => {
  test.each([
    ['services: [web]\n', 'compose-schema error 1:11-1:16 services must be a mapping'],
    ['- web\n', 'compose-schema error 1:1-1:6 top-level object must be a mapping'],
    ['services:\n  web:\n    build: 5\n', 'compose-schema error 3:12-3:13 services.web.build must be a string or a mapping'],
    [
      'services:\n  web:\n    build:\n      args: 5\n',
      'compose-schema error 4:13-4:14 services.web.build.args must be a mapping or a list',
    ],
    ['services:\n  web:\n    image: [a]\n', 'compose-schema error 3:12-3:15 services.web.image must be a string'],
    ['services:\n  web:\n    image: 1.5\n', 'compose-schema error 3:12-3:15 services.web.image must be a string'],
    [
      'services:\n  web:\n    build:\n      platforms: linux/amd64\n',
      'compose-schema error 4:18-4:29 services.web.build.platforms must be a list',
    ],
    [
      'services:\n  web:\n    build:\n      tags: [a, {b: c}]\n',
      'compose-schema error 4:17-4:23 services.web.build.tags[1] must be a string',
    ],
    [
      'services:\n  web:\n    build:\n      args:\n        A: [1]\n',
      'compose-schema error 5:12-5:15 services.web.build.args.A must be a string, a number, a boolean or null',
    ],
  ])('%j reported', (compose, expected) => {
    const findings = describeFindings(loadFiles({ 'compose.yaml': compose }).findings);
    expect(findings).toContain(expected);
  });

  test('wrong field skipped', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: [a]\n    build: .\n' });
    expect(serviceNamed(project, 'web').image).toBeUndefined();
    expect(serviceNamed(project, 'web').build?.context.value).toBe('.');
  });

  test('service without image or build', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    platform: linux/amd64\n  ok:\n    image: x\n' });
    expect(describeFindings(project.findings)).toEqual([
      'compose-schema error 2:3-2:6 service "web" has neither an image nor a build context specified',
    ]);
  });

  test('extending service not reported', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  base:\n    image: x\n  web:\n    extends: base\n' });
    expect(project.findings).toEqual([]);
  });

  test('reset args entry dropped', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n    build:\n      args:\n        A: !reset null\n        B: b\n' });
    expect(serviceNamed(project, 'web').build?.args.map((arg) => arg.key)).toEqual(['B']);
  });

  test('service not a mapping', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  web:\n  db: postgres\n' });
    expect(describeFindings(project.findings)).toEqual([
      'compose-schema error 2:7-2:7 services.web must be a mapping',
      'compose-schema error 3:7-3:15 services.db must be a mapping',
    ]);
    expect(project.services).toEqual([]);
  });

  test('platform outside build platforms', () => {
    const project = loadFiles({
      'compose.yaml': 'services:\n  web:\n    platform: linux/arm64\n    build:\n      platforms: [linux/amd64]\n',
    });
    expect(describeFindings(project.findings)).toEqual([
      'compose-schema error 3:15-3:26 services.web.build.platforms must include the service platform "linux/arm64"',
    ]);
  });

  test('services in definition order', () => {
    const project = loadFiles({ 'compose.yaml': 'services:\n  zeta:\n    image: z\n  alpha:\n    image: a\n  mid:\n    image: m\n' });
    expect(project.services.map((service) => service.name)).toEqual(['zeta', 'alpha', 'mid']);
  });
});
