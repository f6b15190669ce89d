import type { Rule } from '../engine/rule.js';
import { isEnabledByDefault } from '../engine/rule.js';
import type { ResolvedConfig, RuleSetting } from './types.js';

/**
 * Applies `overrides` over `base`. An override that sets only a severity
 * keeps the options of the entry it replaces, as ESLint does, so
 * `--rule ID=warn` changes the severity of a configured rule and nothing else.
 */
export function mergeRuleSettings(base: Map<string, RuleSetting>, overrides: Map<string, RuleSetting>): Map<string, RuleSetting> {
  const merged = new Map(base);
  for (const [id, override] of overrides) {
    const options = override.options ?? base.get(id)?.options;
    merged.set(id, options === undefined ? { severity: override.severity } : { severity: override.severity, options });
  }
  return merged;
}

/** Returns the setting a rule runs with: the configured one, or else the rule's default. */
export function effectiveRuleSetting(config: ResolvedConfig, rule: Rule): RuleSetting {
  const configured = config.rules.get(rule.meta.id);
  if (configured !== undefined) return configured;
  return { severity: isEnabledByDefault(rule.meta) ? rule.meta.severity : 'off' };
}
