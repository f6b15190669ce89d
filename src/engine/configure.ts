import { checkRuleOptions } from '../config/options.js';
import { effectiveRuleSetting } from '../config/merge.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Analysis } from './analysis.js';
import type { Severity } from './finding.js';
import type { Rule, RuleMeta, RuleReport } from './rule.js';

/** A rule with its configuration applied. */
export interface ConfiguredRule {
  /** The rule's meta with the severity it runs at. */
  meta: RuleMeta;
  /** Runs the rule; every report carries its final severity. */
  run(analysis: Analysis): Iterable<RuleReport & { severity: Severity }>;
}

/**
 * Wraps a rule with its configured setting. This is the one place where
 * severities are applied. Returns `undefined` for a rule that is off, and
 * otherwise a runner that passes the configured options (with the schema's
 * defaults) and stamps each report with its severity. A severity from the
 * configuration replaces every report's own. Without one, a report keeps the
 * severity the rule gave it, or else the rule's default.
 */
export function configureRule(rule: Rule, config: ResolvedConfig): ConfiguredRule | undefined {
  const setting = effectiveRuleSetting(config, rule);
  if (setting.severity === 'off') return undefined;

  const severity = setting.severity;
  const configured = config.rules.has(rule.meta.id);
  const { options } = checkRuleOptions(rule.meta, setting.options);

  return {
    meta: { ...rule.meta, severity },
    *run(analysis) {
      for (const report of rule.check(analysis, { options, config })) {
        yield { ...report, severity: configured ? severity : (report.severity ?? severity) };
      }
    },
  };
}
