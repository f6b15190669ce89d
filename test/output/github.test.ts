import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/engine/finding.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/output/github.js';
import { dependentProject, reportOf } from '../support/report.js';

function findingAt(file: string, message: string, severity: Finding['severity'] = 'error'): Finding {
  return {
    ruleId: 'build-cycle',
    severity,
    message,
    range: { file, start: { line: 2, column: 3, offset: 10 }, end: { line: 4, column: 5, offset: 30 } },
  };
}

function formatOne(finding: Finding): string {
  return formatGithub({ findings: [finding], files: [], rules: [], cwd: '/repo', version: '1.0.0', color: false, readText: () => undefined });
}

describe('github format', () => {
  it('prints one annotation per finding', () => {
    const { stdout, status } = reportOf(dependentProject, 'github');
    expect(status).toBe(1);
    expect(stdout.split('\n')).toHaveLength(2);
    expect(stdout).toMatch(
      /^::error file=b\.Dockerfile,line=1,col=6,endLine=1,endColumn=15,title=undeclared-build-dependency::Service "b" builds from "service_a"[^\n]*\n$/,
    );
  });

  it('prints nothing for a clean project', () => {
    const { stdout } = reportOf({ ...dependentProject, 'b.Dockerfile': 'FROM alpine\n' }, 'github');
    expect(stdout).toBe('');
  });

  it.each([
    ['error', '::error '],
    ['warn', '::warning '],
    ['info', '::notice '],
  ])('maps severity %s to %s', (severity, command) => {
    const { stdout } = reportOf(dependentProject, 'github', ['--rule', `undeclared-build-dependency=${severity}`]);
    expect(stdout.startsWith(command)).toBe(true);
  });

  it('escapes paths in properties', () => {
    const files = { ...dependentProject, 'compose.yaml': dependentProject['compose.yaml']!.replace('b.Dockerfile', '"b,1:100%.Dockerfile"') };
    files['b,1:100%.Dockerfile'] = 'FROM service_a\n';
    const { stdout } = reportOf(files, 'github');
    expect(stdout).toContain('::error file=b%2C1%3A100%25.Dockerfile,line=1,');
  });

  it('escapes line breaks in messages', () => {
    const line = formatOne(findingAt('/repo/compose.yaml', 'first\r\nsecond 100%: a, b'));
    expect(line).toBe('::error file=compose.yaml,line=2,col=3,endLine=4,endColumn=5,title=build-cycle::first%0D%0Asecond 100%25: a, b\n');
  });

  it('keeps absolute paths outside the directory', () => {
    expect(formatOne(findingAt('/elsewhere/compose.yaml', 'x'))).toContain('file=/elsewhere/compose.yaml,');
  });
});

describe('annotation escaping', () => {
  it.each([
    ['100%', '100%25'],
    ['a\rb', 'a%0Db'],
    ['a\nb', 'a%0Ab'],
    ['%0A', '%250A'],
    ['a:b,c', 'a:b,c'],
  ])('data %j becomes %j', (text, escaped) => {
    expect(escapeData(text)).toBe(escaped);
  });

  it.each([
    ['100%', '100%25'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['a:b', 'a%3Ab'],
    ['a,b', 'a%2Cb'],
    ['%3A', '%253A'],
  ])('property %j becomes %j', (text, escaped) => {
    expect(escapeProperty(text)).toBe(escaped);
  });
});
