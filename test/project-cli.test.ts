import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { parseArguments, type CommandArguments } from '../src/cli/arguments.js';
import { main } from '../src/cli/main.js';
import { formatShellScript } from '../src/output/order.js';
import { repository } from './support/cli.js';
import { writeProject } from './support/project.js';

/** Runs the built command line in `cwd` with `input` on standard input and a clean environment. */
function runWithInput(args: string[], cwd: string, input: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(repository, 'bin/compose-lint.js'), ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('project options', () => {
  test('options parsed', () => {
    const parsed = parseArguments([
      '-f',
      '-',
      '--profile',
      'debug',
      '--profile',
      'tools',
      '--env-file',
      'ci.env',
      '--env-file=local.env',
      '--compatibility',
    ]) as CommandArguments;
    expect(parsed.project).toMatchObject({
      files: ['-'],
      profiles: ['debug', 'tools'],
      envFiles: ['ci.env', 'local.env'],
      compatibility: true,
    });
  });

  test('defaults when absent', () => {
    const parsed = parseArguments([]) as CommandArguments;
    expect(parsed.project).toMatchObject({ profiles: [], envFiles: [], compatibility: false });
  });

  test('order script passes options on', () => {
    const parsed = parseArguments(['order', '--profile', 'debug', '--env-file', 'ci.env', '--compatibility']) as CommandArguments;
    const script = formatShellScript({ projectName: 'app', waves: [['web']], edges: [], project: parsed.project, version: '1.0.0' });
    expect(script).toContain('docker compose --profile debug --env-file ci.env --compatibility build web\n');
  });
});

describe('built command line', () => {
  test('reads compose file from stdin', () => {
    const root = writeProject({ 'web/Dockerfile': 'FROM alpine AS prod\n' });
    const result = runWithInput(['-f', '-', '--format', 'json'], root, 'services:\n  web:\n    build:\n      context: ./web\n      target: dev\n');
    const report = JSON.parse(result.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number }> }>;
    const messages = report.flatMap((file) => file.messages.map((message) => `${file.filePath}:${message.line}:${message.column} ${message.ruleId}`));
    expect(messages).toEqual([`${join(root, '-')}:5:15 missing-build-target`]);
  });

  test('profile option filters services', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n  debug:\n    profiles: [debug]\n    build:\n      context: .\n      target: nope\n',
      'Dockerfile': 'FROM alpine\n',
    });
    expect(runWithInput([], root, '').status).toBe(1);
    expect(runWithInput(['--profile', 'prod'], root, '').status).toBe(0);
  });

  test('env file option applied', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      target: ${TARGET:-prod}\n',
      'Dockerfile': 'FROM alpine AS prod\n',
      'ci.env': 'TARGET=ci\n',
    });
    expect(runWithInput([], root, '').status).toBe(0);
    const result = runWithInput(['--env-file', 'ci.env'], root, '');
    expect(result.stdout).toContain('missing-build-target');
  });

  // In process, because Node 20 itself exits with 9 when any --env-file argument names a missing file.
  test('missing env file exits 2', async () => {
    const root = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    let stderr = '';
    const io = { stdout: () => {}, stderr: (text: string) => (stderr += text), cwd: root, env: {}, isTTY: false };
    expect(await main(['--env-file', 'gone.env'], io)).toBe(2);
    expect(stderr).toBe(`compose-lint: env file ${join(root, 'gone.env')} not found: check the path given with --env-file\n`);
  });
});
