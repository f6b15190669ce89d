import { isIgnored } from '../config/ignore.js';
import { configRuleId, emptyConfig, type ResolvedConfig } from '../config/types.js';
import { applySuppressions } from '../suppression/apply.js';
import { collectSuppressions } from '../suppression/collect.js';
import { unusedSuppressionRuleId } from '../suppression/types.js';
import { reportUnusedSuppressions } from '../suppression/unused.js';
import { lintedFiles, type Analysis } from './analysis.js';
import { configureRule } from './configure.js';
import { compareFindings, type Finding } from './finding.js';
import type { Rule } from './rule.js';

/** Findings about compose-lint's own failures, which no rule can turn off. */
export const internalErrorId = 'internal-error';

/**
 * Runs every rule over one analysis with the configuration applied, and
 * returns the findings in a stable order:
 *
 * 1. each rule that is not off runs with its options, and its findings get
 *    their configured severity (`configureRule`);
 * 2. findings in files that an `ignore` pattern matches are dropped, except
 *    those about the configuration file;
 * 3. findings that a suppression comment matches are dropped;
 * 4. when `unused-suppression` is among `rules` and on, the suppression
 *    comments that matched nothing are reported.
 *
 * The loader's internal errors are added unchanged: no setting, pattern or
 * comment hides them.
 */
export function runRules(analysis: Analysis, rules: readonly Rule[], config: ResolvedConfig = emptyConfig()): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const configured = configureRule(rule, config);
    if (configured === undefined) continue;
    for (const report of configured.run(analysis)) findings.push({ ...report, ruleId: rule.meta.id });
  }

  const isInternal = (finding: Finding): boolean => finding.ruleId === internalErrorId;
  const internalErrors = analysis.project.findings.filter(isInternal);
  // Ignore patterns select project files: a pattern such as `*.yaml` must
  // not hide the problems of the configuration file itself.
  const included = findings.filter((finding) => finding.ruleId === configRuleId || !isIgnored(finding.range.file, config.ignore));

  const unusedRule = rules.find((rule) => rule.meta.id === unusedSuppressionRuleId);
  const configuredUnused = unusedRule === undefined ? undefined : configureRule(unusedRule, config);

  // Comments are read only where they can matter: in files with findings,
  // or in every linted file when unused suppressions are reported.
  const files = new Set(
    configuredUnused === undefined
      ? included.map((finding) => finding.range.file)
      : lintedFiles(analysis).filter((file) => !isIgnored(file, config.ignore)),
  );
  const outcome = applySuppressions(included, collectSuppressions(analysis, files), isInternal);

  const result = [...outcome.findings, ...internalErrors];
  if (unusedRule !== undefined && configuredUnused !== undefined) {
    const reports = reportUnusedSuppressions(outcome.usage, rules.map((rule) => rule.meta.id));
    const reporter = configureRule({ meta: unusedRule.meta, check: () => reports }, config);
    for (const report of reporter?.run(analysis) ?? []) result.push({ ...report, ruleId: unusedRule.meta.id });
  }
  return result.sort(compareFindings);
}
