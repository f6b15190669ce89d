import type { Rule } from '../src/engine/rule.js';
import { unusedSuppressionRuleId } from '../src/suppression/types.js';

/**
 * Suppression comments that suppress nothing. Whether a comment matched a
 * finding is known only after every other rule ran, so the engine reports
 * this rule itself (`runRules` with `reportUnusedSuppressions`), and `check`
 * yields nothing.
 */
export const unusedSuppression: Rule = {
  meta: {
    id: unusedSuppressionRuleId,
    severity: 'warning',
    description: 'A compose-lint-disable comment matches no finding.',
    fixable: true,
    defaultEnabled: false,
  },
  check: () => [],
};
