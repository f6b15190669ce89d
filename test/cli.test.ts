import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { repository, run } from './support/cli.js';
import { writeProject } from './support/project.js';

const fixtures = join(repository, 'fixtures/dependent-images');

const serviceImageBase = join(fixtures, 'service-image-base');

describe('compose-lint command', () => {
  it('reports the undeclared dependency', () => {
    const result = run([serviceImageBase]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('b.Dockerfile');
    expect(result.stdout).toMatch(/1:6-1:15\s+error\s+Service "b" builds from "service_a"/);
    expect(result.stdout).toContain('undeclared-build-dependency');
  });

  it('accepts the lint subcommand', () => {
    expect(run(['lint', serviceImageBase]).status).toBe(1);
  });

  it('exits 0 on a clean project', () => {
    const result = run(['lint', join(fixtures, 'service-image-base-declared')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('lints the current directory by default', () => {
    expect(run([], serviceImageBase).status).toBe(1);
  });

  it('accepts a compose file as PATH', () => {
    expect(run([join(fixtures, 'multi-stage/compose.yaml')]).status).toBe(0);
  });

  it('accepts -f files', () => {
    expect(run(['-f', join(serviceImageBase, 'compose.yaml')]).status).toBe(1);
  });

  it('prints ESLint JSON', () => {
    const result = run(['--format', 'json', serviceImageBase]);
    const report = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(result.status).toBe(1);
    expect(report).toContainEqual({
      filePath: join(serviceImageBase, 'b.Dockerfile'),
      messages: [
        expect.objectContaining({
          ruleId: 'undeclared-build-dependency',
          severity: 2,
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 15,
        }),
      ],
      errorCount: 1,
      warningCount: 0,
    });
    expect(report.map((file) => file.filePath)).toContain(join(serviceImageBase, 'compose.yaml'));
  });

  it('prints the version', () => {
    const manifest = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version']).stdout.trim()).toBe(manifest.version);
  });

  it('prints help', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: compose-lint');
  });

  it.each([
    [['--format', 'xml']],
    [['--no-such-option']],
    [['a', 'b']],
  ])('rejects %j with exit 2', (args) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^compose-lint: /);
    expect(result.stderr).not.toContain('    at ');
  });

  it('stops quietly when the reader does', async () => {
    // Three thousand services without their build context give a report of about a megabyte,
    // most of it still unwritten when the reader stops.
    const services = Array.from({ length: 3000 }, (_, index) => `  s${index}:\n    build: ./missing${index}\n`).join('');
    const root = writeProject({ 'compose.yaml': `services:\n${services}` });
    const child = spawn(process.execPath, [join(repository, 'bin/compose-lint.js'), '--format', 'json', root]);

    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(status).toBe(1);
    expect(stderr).toBe('');
  });

  it('names an unknown option', () => {
    const result = run(['--bogus']);
    expect(result.stderr).toBe(
      'compose-lint: unknown option "--bogus"; to lint a path that starts with "-", put it after "--"\n' +
        'Run "compose-lint --help" for usage.\n',
    );
  });

  it('exits 2 for a missing compose file', () => {
    const result = run(['-f', 'does-not-exist.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('does-not-exist.yaml');
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 for a directory without compose file', () => {
    const root = writeProject({ 'README.md': 'nothing here\n' });
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(run([empty], empty).status).toBe(2);
  });

  it('reports a YAML error without a stack trace', () => {
    const root = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: [nginx\n' });
    const result = run([root]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('yaml-syntax');
    expect(result.stderr).toBe('');
  });
});
