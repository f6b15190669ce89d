import { describe, expect, it } from 'vitest';

import type { CodeQualityIssue } from '../../src/output/gitlab.js';
import { dependentProject, reportOf } from '../support/report.js';

function issuesOf(files: Record<string, string>, args: string[] = []): CodeQualityIssue[] {
  return JSON.parse(reportOf(files, 'gitlab', args).stdout) as CodeQualityIssue[];
}

/** Two services build from "service_a" without declaring it, in two Dockerfiles. */
const twoConsumers: Record<string, string> = {
  ...dependentProject,
  'compose.yaml': `${dependentProject['compose.yaml']}  c:\n    image: service_c\n    build:\n      dockerfile: c.Dockerfile\n`,
  'c.Dockerfile': 'FROM service_a\n',
};

describe('gitlab format', () => {
  it('has the required fields', () => {
    const [issue] = issuesOf(dependentProject);
    expect(issue).toEqual({
      description: expect.stringContaining('Service "b" builds from "service_a"'),
      check_name: 'undeclared-build-dependency',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      severity: 'major',
      location: { path: 'b.Dockerfile', lines: { begin: 1 } },
    });
  });

  it('is an empty array for a clean project', () => {
    expect(issuesOf({ ...dependentProject, 'b.Dockerfile': 'FROM alpine\n' })).toEqual([]);
  });

  it.each([
    ['error', 'major'],
    ['warn', 'minor'],
    ['info', 'info'],
  ])('maps severity %s to %s', (severity, expected) => {
    const [issue] = issuesOf(dependentProject, ['--rule', `undeclared-build-dependency=${severity}`]);
    expect(issue!.severity).toBe(expected);
  });

  it('keeps the fingerprint when lines move', () => {
    const [before] = issuesOf(dependentProject);
    const shifted = { ...dependentProject, 'b.Dockerfile': '# syntax=docker/dockerfile:1\n\n# The base image\nFROM service_a\n' };
    const [after] = issuesOf(shifted);
    expect(after!.location.lines.begin).toBe(4);
    expect(after!.fingerprint).toBe(before!.fingerprint);
  });

  it('keeps the fingerprint across runs', () => {
    expect(issuesOf(dependentProject)[0]!.fingerprint).toBe(issuesOf(dependentProject)[0]!.fingerprint);
  });

  it('changes the fingerprint with the source', () => {
    const [before] = issuesOf(dependentProject);
    const [after] = issuesOf({ ...dependentProject, 'b.Dockerfile': 'FROM service_a:latest\n' });
    expect(after!.fingerprint).not.toBe(before!.fingerprint);
  });

  it('gives each file its own fingerprint', () => {
    const issues = issuesOf(twoConsumers).filter((issue) => issue.check_name === 'undeclared-build-dependency');
    expect(issues.map((issue) => issue.location.path)).toEqual(['b.Dockerfile', 'c.Dockerfile']);
    expect(issues[0]!.fingerprint).not.toBe(issues[1]!.fingerprint);
  });

  it('tells identical findings apart', () => {
    const twice = { ...dependentProject, 'b.Dockerfile': 'FROM service_a\nFROM service_a\n' };
    const issues = issuesOf(twice).filter((issue) => issue.check_name === 'undeclared-build-dependency');
    expect(issues).toHaveLength(2);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(2);
  });
});
