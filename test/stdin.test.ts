import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import { copyFixture, repository } from './support/cli.js';
import { writeProject } from './support/project.js';

/** Runs the built command line with `input` on standard input and a clean environment. */
function runWithInput(args: string[], input: string, cwd = repository) {
  const result = spawnSync(process.execPath, [join(repository, 'bin/compose-lint.js'), ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each test runs the command line once or twice, which takes seconds on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

interface JsonFileResult {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number }>;
}

const undeclared = 'undeclared-build-dependency';

/** The fixture whose b.Dockerfile builds `FROM service_a` without declaring it. */
const fixture = 'fixtures/dependent-images/service-image-base';

describe('lint --stdin', () => {
  it('lints a Dockerfile from stdin', () => {
    const root = copyFixture(fixture);
    const result = runWithInput(['--stdin', '--stdin-filename', 'b.Dockerfile', '--format', 'json'], 'FROM alpine\nFROM service_a\n', root);

    const report = JSON.parse(result.stdout) as JsonFileResult[];
    const file = report.find((entry) => entry.filePath === join(root, 'b.Dockerfile'));
    expect(result.status).toBe(1);
    expect(file?.messages).toEqual([expect.objectContaining({ ruleId: undeclared, line: 2, column: 6, endLine: 2, endColumn: 15 })]);
  });

  it('prefers stdin over the disk', () => {
    const root = copyFixture(fixture);
    const result = runWithInput(['lint', '--stdin', '--stdin-filename', join(root, 'b.Dockerfile')], 'FROM alpine\n');

    expect(result.stdout).not.toContain(undeclared);
    expect(result.status).toBe(0);
  });

  it('lints a compose file from stdin', () => {
    const root = copyFixture(fixture);
    const declared = readFileSync(join(repository, 'fixtures/dependent-images/service-image-base-declared/compose.yaml'), 'utf8');
    const result = runWithInput(['--stdin', '--stdin-filename', join(root, 'compose.yaml')], declared);

    expect(result.stdout).not.toContain(undeclared);
    expect(result.status).toBe(0);
  });

  it('keeps the override file', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  a:\n    image: service_a\n    build: ./a\n',
      'compose.override.yaml': 'services:\n  b:\n    build: ./b\n',
      'a/Dockerfile': 'FROM alpine\n',
      'b/Dockerfile': 'FROM service_a\n',
    });
    const result = runWithInput(['--stdin', '--stdin-filename', join(root, 'compose.yaml')], 'services:\n  a:\n    image: service_a\n    build: ./a\n');

    expect(result.stdout).toContain(undeclared);
  });

  it('loads another YAML name alone', () => {
    const root = writeProject({ 'a/Dockerfile': 'FROM alpine\n', 'b/Dockerfile': 'FROM service_a\n' });
    const text = 'services:\n  a:\n    image: service_a\n    build: ./a\n  b:\n    build: ./b\n';
    const result = runWithInput(['--stdin', '--stdin-filename', join(root, 'stack.yml')], text);

    expect(result.stdout).toContain(undeclared);
    expect(result.status).toBe(1);
  });

  it('accepts a Dockerfile not on disk', () => {
    const root = writeProject({ 'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      dockerfile: new.Dockerfile\n' });
    const result = runWithInput(['--stdin', '--stdin-filename', join(root, 'new.Dockerfile')], 'FROM alpine\n');

    expect(result.stdout).not.toContain('missing-build-path');
    expect(result.status).toBe(0);
  });

  it('finds the project above a Dockerfile', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  a:\n    image: service_a\n    build: ./a\n  b:\n    build: ./services/b\n',
      'a/Dockerfile': 'FROM alpine\n',
      'services/b/Dockerfile': 'FROM alpine\n',
    });
    const result = runWithInput(['--stdin', '--stdin-filename', 'services/b/Dockerfile'], 'FROM service_a\n', root);

    expect(result.stdout).toContain('services/b/Dockerfile');
    expect(result.status).toBe(1);
  });

  it('uses the project PATH names', () => {
    const root = copyFixture(fixture);
    const result = runWithInput(['lint', '--stdin', '--stdin-filename', join(root, 'b.Dockerfile'), root], 'FROM alpine\n', repository);

    expect(result.status).toBe(0);
  });

  it('prints fixes of stdin as a diff', () => {
    const root = copyFixture(fixture);
    const compose = readFileSync(join(root, 'compose.yaml'), 'utf8');
    const result = runWithInput(['--fix-dry-run', '--stdin', '--stdin-filename', 'compose.yaml'], `${compose}# unsaved\n`, root);

    expect(result.stdout).toContain('+         service_a: "service:a"');
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(compose);
  });

  it('fails without a compose project', () => {
    const root = writeProject({ 'Dockerfile': 'FROM alpine\n' });
    const result = runWithInput(['--stdin', '--stdin-filename', join(root, 'Dockerfile')], 'FROM alpine\n', root);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no compose file found');
  });
});

describe('lint --stdin usage errors', () => {
  it.each([
    ['--stdin alone', ['--stdin'], '--stdin needs --stdin-filename'],
    ['an empty filename', ['--stdin', '--stdin-filename', ''], '--stdin needs --stdin-filename'],
    ['a filename alone', ['--stdin-filename', 'compose.yaml'], '--stdin-filename works with --stdin only'],
    ['--fix', ['--fix', '--stdin', '--stdin-filename', 'compose.yaml'], '--fix cannot write standard input'],
    ['another command', ['plan', '--stdin', '--stdin-filename', 'compose.yaml'], 'belong to the lint command, not plan'],
  ])('rejects %s', (_case, args, message) => {
    const result = runWithInput(args, 'services: {}\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
