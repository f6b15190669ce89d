import type { Severity } from '../engine/finding.js';
import { internalErrorId } from '../engine/run.js';
import { fingerprintFindings } from './fingerprint.js';
import { relativePath, type Report } from './report.js';

/** GitLab's levels, from `info` to `blocker`. */
export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** One entry of a GitLab Code Quality report (a subset of the Code Climate issue format). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/**
 * Errors break or mis-order a build, so they are `major`, warnings are
 * `minor`, and info findings `info`, as ESLint's GitLab formatters map them.
 * An internal error is `blocker`, because compose-lint could not finish
 * checking the file.
 */
const severities: Record<Severity, CodeQualitySeverity> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * Formats a GitLab Code Quality report: a JSON array with one issue per finding.
 * Paths are relative to the working directory, which in a GitLab job is the
 * repository checkout. The fingerprint leaves out line numbers, so GitLab
 * keeps matching a finding to the one on the target branch when lines above
 * it move (see `fingerprintFindings`).
 */
export function formatGitlab(report: Report): string {
  const fingerprints = fingerprintFindings(report.findings, report.cwd, report.readText);
  const issues: CodeQualityIssue[] = report.findings.map((finding, index) => ({
    description: finding.message,
    check_name: finding.ruleId,
    fingerprint: fingerprints[index]!,
    severity: finding.ruleId === internalErrorId ? 'blocker' : severities[finding.severity],
    location: { path: relativePath(report.cwd, finding.range.file), lines: { begin: finding.range.start.line } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
