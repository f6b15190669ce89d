import type { Finding } from '../engine/finding.js';
import type { Suppression } from './types.js';

/** The rule ids of the findings each suppression matched. */
export type SuppressionUsage = Map<Suppression, Set<string>>;

export interface SuppressionOutcome {
  /** The findings that no suppression matched, in their original order. */
  findings: Finding[];
  usage: SuppressionUsage;
}

/**
 * Drops the findings that a suppression comment of their file matches: one
 * that names the finding's rule, or names none, and targets the line the
 * finding's range starts on, or the whole file. `exempt` findings, such as
 * compose-lint's internal errors, are always kept.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: ReadonlyMap<string, readonly Suppression[]>,
  exempt: (finding: Finding) => boolean,
): SuppressionOutcome {
  const usage: SuppressionUsage = new Map();
  for (const list of suppressions.values()) {
    for (const suppression of list) usage.set(suppression, new Set());
  }

  const unsuppressed = findings.filter((finding) => {
    if (exempt(finding)) return true;

    const matching = (suppressions.get(finding.range.file) ?? []).filter((suppression) => matches(suppression, finding));
    for (const suppression of matching) usage.get(suppression)!.add(finding.ruleId);
    return matching.length === 0;
  });
  return { findings: unsuppressed, usage };
}

function matches(suppression: Suppression, finding: Finding): boolean {
  if (suppression.kind !== 'file' && suppression.line !== finding.range.start.line) return false;
  return suppression.rules.length === 0 || suppression.rules.some((rule) => rule.id === finding.ruleId);
}
