import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { rules } from '../rules/index.js';
import { commandFormats } from '../src/cli/arguments.js';
import type { RuleListing } from '../src/cli/rules-command.js';
import { run } from './support/cli.js';
import { writeProject } from './support/project.js';
import { dependentProject, lintProject } from './support/report.js';

const asWarning = ['--rule', 'undeclared-build-dependency=warn'];

describe('lint --format', () => {
  it.each(commandFormats.lint.map((format) => [format]))('%s reports the finding', (format) => {
    const { status, stdout } = lintProject(dependentProject, ['--format', format]);
    expect(status).toBe(1);
    expect(stdout).toContain('undeclared-build-dependency');
  });

  it('rejects an unknown format with exit 2', () => {
    const { status, stderr } = lintProject(dependentProject, ['--format', 'html']);
    expect(status).toBe(2);
    expect(stderr).toContain('unknown format "html" for lint; expected one of: stylish, json, sarif, github, junit, gitlab, checkstyle, compact');
  });
});

describe('lint --output-file', () => {
  it('writes the report to the file', () => {
    const { root, status, stdout } = lintProject(dependentProject, ['--format', 'compact', '--output-file', 'report.txt']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(readFileSync(join(root, 'report.txt'), 'utf8')).toMatch(/^b\.Dockerfile:1:6: error /);
  });

  it('matches the standard output report', () => {
    const root = writeProject(dependentProject);
    run(['lint', '--format', 'sarif', '-o', 'out/report.sarif'], root);
    expect(readFileSync(join(root, 'out/report.sarif'), 'utf8')).toBe(run(['lint', '--format', 'sarif'], root).stdout);
  });

  it('creates missing directories', () => {
    const { root } = lintProject(dependentProject, ['--output-file', 'reports/lint/result.json', '--format', 'json']);
    expect(existsSync(join(root, 'reports/lint/result.json'))).toBe(true);
  });

  it('leaves no temporary file', () => {
    const { root } = lintProject(dependentProject, ['--output-file', 'reports/result.xml', '--format', 'junit']);
    expect(readdirSync(join(root, 'reports'))).toEqual(['result.xml']);
  });

  it('replaces an existing report', () => {
    const root = writeProject(dependentProject);
    writeFileSync(join(root, 'report.txt'), 'old report\n');
    run(['lint', '--format', 'compact', '-o', 'report.txt'], root);
    expect(readFileSync(join(root, 'report.txt'), 'utf8')).not.toContain('old report');
  });

  it('writes an empty report for a clean project', () => {
    const { root, status } = lintProject({ ...dependentProject, 'b.Dockerfile': 'FROM alpine\n' }, ['--format', 'gitlab', '-o', 'gl.json']);
    expect(status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'gl.json'), 'utf8'))).toEqual([]);
  });

  it('exits 2 when the file cannot be written', () => {
    const root = writeProject(dependentProject);
    mkdirSync(join(root, 'taken'));
    const result = run(['lint', '--output-file', 'taken'], root);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`cannot write the report to ${join(root, 'taken')}`);
  });

  it('writes no colors to the file', () => {
    const root = writeProject(dependentProject);
    run(['lint', '-o', 'report.txt'], root);
    expect(readFileSync(join(root, 'report.txt'), 'utf8')).not.toContain('\u001b[');
  });
});

describe('lint --quiet', () => {
  it('drops warnings', () => {
    const { stdout, status } = lintProject(dependentProject, ['--quiet', '--format', 'compact', ...asWarning]);
    expect(stdout).toBe('');
    expect(status).toBe(0);
  });

  it('keeps errors', () => {
    const { stdout } = lintProject(dependentProject, ['--quiet', '--format', 'compact']);
    expect(stdout).toContain('[undeclared-build-dependency]');
  });
});

describe('lint --max-warnings', () => {
  it('exits 1 above the limit', () => {
    const { status, stderr } = lintProject(dependentProject, ['--max-warnings', '0', ...asWarning]);
    expect(status).toBe(1);
    expect(stderr).toContain('1 warning, more than --max-warnings 0 allows');
  });

  it('exits 0 at the limit', () => {
    expect(lintProject(dependentProject, ['--max-warnings', '1', ...asWarning]).status).toBe(0);
  });

  it('counts warnings that --quiet hides', () => {
    expect(lintProject(dependentProject, ['--quiet', '--max-warnings', '0', ...asWarning]).status).toBe(1);
  });

  it.each([['-1'], ['two'], ['1.5']])('rejects %s with exit 2', (value) => {
    const { status, stderr } = lintProject(dependentProject, [`--max-warnings=${value}`]);
    expect(status).toBe(2);
    expect(stderr).toContain('--max-warnings expects a whole number');
  });
});

describe('lint-only options', () => {
  it.each([
    [['plan', '--quiet']],
    [['order', '--output-file', 'x']],
    [['graph', '--rule', 'build-cycle=off']],
    [['plan', '--no-config']],
  ])('%j exits 2', (args) => {
    const root = writeProject(dependentProject);
    const { status, stderr } = run(args, root);
    expect(status).toBe(2);
    expect(stderr).toContain('belongs to the lint command');
  });
});

describe('rules command', () => {
  it('lists every rule', () => {
    const { stdout, status } = run(['rules']);
    expect(status).toBe(0);
    for (const rule of rules) expect(stdout).toContain(rule.meta.id);
  });

  it('shows severity, fixable and docs', () => {
    const line = run(['rules']).stdout.split('\n').find((row) => row.startsWith('undeclared-build-dependency '));
    expect(line).toMatch(/^undeclared-build-dependency\s+error\s+yes\s+https:\/\/github\.com\/compose-lint\/compose-lint\/blob\/main\/rules\/undeclared-build-dependency\.md$/);
  });

  it('shows rules that are off by default', () => {
    const line = run(['rules']).stdout.split('\n').find((row) => row.startsWith('unused-suppression '));
    expect(line).toMatch(/^unused-suppression\s+off \(warning\)\s+yes\s/);
  });

  it('rejects a PATH with exit 2', () => {
    expect(run(['rules', 'compose.yaml']).status).toBe(2);
  });

  it('prints JSON', () => {
    const listings = JSON.parse(run(['rules', '--format', 'json']).stdout) as RuleListing[];
    expect(listings.map((listing) => listing.id)).toEqual(rules.map((rule) => rule.meta.id).sort());
    expect(listings.find((listing) => listing.id === 'unused-suppression')).toEqual({
      id: 'unused-suppression',
      description: 'A compose-lint-disable comment matches no finding.',
      severity: 'warning',
      enabledByDefault: false,
      fixable: true,
      docs: 'https://github.com/compose-lint/compose-lint/blob/main/rules/unused-suppression.md',
    });
  });
});
