import type { Analysis } from './analysis.js';
import type { Finding, Severity } from './finding.js';

export interface RuleMeta {
  /** Stable kebab-case id, used in output, configuration and suppression comments. */
  id: string;
  severity: Severity;
  /** One line: what the rule reports. */
  description: string;
  /** Whether some of its findings carry a fix. */
  fixable: boolean;
}

/**
 * What a rule returns: a finding without the id, which the engine stamps.
 * A rule may set `severity` when one finding differs from the default, such
 * as an interpolation warning among interpolation errors.
 */
export type RuleReport = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity };

export interface Rule {
  meta: RuleMeta;
  check(analysis: Analysis): Iterable<RuleReport>;
}

/** Location of a rule's documentation page, beside its source in `rules/`. */
export function ruleDocsPath(id: string): string {
  return `rules/${id}.md`;
}
