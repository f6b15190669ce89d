export { configFileNames, findConfigFile, type ConfigLocation } from './discover.js';
export { isIgnored } from './ignore.js';
export { loadConfig, readRuleEntries } from './load.js';
export { effectiveRuleSetting, mergeRuleSettings } from './merge.js';
export {
  configRuleId,
  emptyConfig,
  severityName,
  severityNames,
  type ConfigOptions,
  type IgnorePattern,
  type ResolvedConfig,
  type RuleEntry,
  type RuleSetting,
  type SeverityName,
} from './types.js';
