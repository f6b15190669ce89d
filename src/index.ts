export { lint, type LintOptions, type LintResult } from './lint.js';
export type { Finding, Fix, Severity, TextEdit } from './engine/finding.js';
export type { Rule, RuleMeta } from './engine/rule.js';
export { DiskHost, type Host } from './host.js';
export { InputError } from './project/errors.js';
export { rules } from '../rules/index.js';
