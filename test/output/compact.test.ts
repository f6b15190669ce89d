import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/engine/finding.js';
import { formatCompact } from '../../src/output/compact.js';
import { dependentProject, reportOf } from '../support/report.js';

describe('compact format', () => {
  it('prints path, position, severity, message and rule', () => {
    const { stdout } = reportOf(dependentProject, 'compact');
    expect(stdout).toMatch(/^b\.Dockerfile:1:6: error Service "b" builds from "service_a"[^\n]* \[undeclared-build-dependency\]\n$/);
  });

  it('prints nothing for a clean project', () => {
    expect(reportOf({ ...dependentProject, 'b.Dockerfile': 'FROM alpine\n' }, 'compact').stdout).toBe('');
  });

  it('prints the configured severity', () => {
    const { stdout } = reportOf(dependentProject, 'compact', ['--rule', 'undeclared-build-dependency=warn']);
    expect(stdout).toMatch(/^b\.Dockerfile:1:6: warning /);
  });

  it('keeps each finding on one line', () => {
    const finding: Finding = {
      ruleId: 'build-cycle',
      severity: 'info',
      message: 'first line\n  second line',
      range: { file: '/repo/sub/Dockerfile', start: { line: 3, column: 7, offset: 0 }, end: { line: 3, column: 9, offset: 2 } },
    };
    const text = formatCompact({ findings: [finding], files: [], rules: [], cwd: '/repo', version: '1.0.0', color: false, readText: () => undefined });
    expect(text).toBe('sub/Dockerfile:3:7: info first line second line [build-cycle]\n');
  });
});
