import { configRuleId } from '../src/config/types.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';

/** Problems in the configuration file, found while it was read, reported under their own id. */
export const config: Rule = {
  meta: {
    id: configRuleId,
    severity: 'error',
    description: 'The compose-lint configuration file has an invalid entry, such as an unknown rule or severity.',
    fixable: false,
  },
  *check(_analysis, context): Iterable<RuleReport> {
    for (const finding of context.config.findings) {
      const { ruleId: _ruleId, ...report } = finding;
      yield report;
    }
  },
};
