import type { ResolvedConfig } from '../config/types.js';
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
  /**
   * False for a rule that runs only when the configuration turns it on;
   * unset means on.
   */
  defaultEnabled?: boolean;
  /**
   * JSON Schema (draft-07, as ajv reads it) of the options object a
   * configuration may pass as `[severity, options]`. A rule without one
   * takes no options. Defaults written in the schema fill the options.
   */
  optionsSchema?: Record<string, unknown>;
}

/**
 * What a rule returns: a finding without the id, which the engine stamps.
 * A rule may set `severity` when one finding differs from the default, such
 * as an interpolation warning among interpolation errors.
 */
export type RuleReport = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity };

/** The values the engine passes to a rule besides the analysis. */
export interface RuleContext {
  /** The configured options with the defaults of `meta.optionsSchema` filled in; `{}` when there are none. */
  options: Record<string, unknown>;
  /** The configuration of the run. */
  config: ResolvedConfig;
}

export interface Rule {
  meta: RuleMeta;
  check(analysis: Analysis, context: RuleContext): Iterable<RuleReport>;
}

/** The project's home page, which SARIF reports name as the tool's `informationUri`. */
export const projectUrl = 'https://github.com/compose-lint/compose-lint';

/** The web address that the documentation pages of the main branch are published under. */
const docsBaseUrl = `${projectUrl}/blob/main/`;

/** Location of a rule's documentation page, beside its source in `rules/`. */
export function ruleDocsPath(id: string): string {
  return `rules/${id}.md`;
}

/** Web address of a rule's documentation page, for reports that link to it. */
export function ruleDocsUrl(id: string): string {
  return `${docsBaseUrl}${ruleDocsPath(id)}`;
}

/** Tells whether a rule runs when the configuration does not mention it. */
export function isEnabledByDefault(meta: RuleMeta): boolean {
  return meta.defaultEnabled !== false;
}
