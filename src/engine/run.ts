import type { Analysis } from './analysis.js';
import { compareFindings, type Finding } from './finding.js';
import type { Rule } from './rule.js';

/** Findings about compose-lint's own failures, which no rule can turn off. */
export const internalErrorId = 'internal-error';

/**
 * Runs every rule over one analysis and returns their findings in a stable
 * order, with the internal errors of the loader, which no rule reports.
 */
export function runRules(analysis: Analysis, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const report of rule.check(analysis)) {
      findings.push({ ...report, ruleId: rule.meta.id, severity: report.severity ?? rule.meta.severity });
    }
  }

  findings.push(...analysis.project.findings.filter((finding) => finding.ruleId === internalErrorId));
  return findings.sort(compareFindings);
}
