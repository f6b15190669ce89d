import type { Analysis } from './analysis.js';
import { compareFindings, type Finding } from './finding.js';
import type { Rule } from './rule.js';

/** Runs every rule over one analysis and returns their findings in a stable order. */
export function runRules(analysis: Analysis, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const report of rule.check(analysis)) {
      findings.push({ ...report, ruleId: rule.meta.id, severity: report.severity ?? rule.meta.severity });
    }
  }
  return findings.sort(compareFindings);
}
