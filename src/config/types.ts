import type { Finding, Severity } from '../engine/finding.js';

/** Rule id of the findings about the configuration file itself. */
export const configRuleId = 'config';

/** A severity as configuration files and `--rule` write it. */
export type SeverityName = 'off' | 'info' | 'warn' | 'error';

export const severityNames: readonly SeverityName[] = ['off', 'info', 'warn', 'error'];

/**
 * Returns the severity name a written value means, or `undefined` when it is
 * none. `warning` is accepted besides `warn`, because `compose-lint rules`
 * and the reports print it.
 */
export function parseSeverityName(value: unknown): SeverityName | undefined {
  const name = value === 'warning' ? 'warn' : value;
  return (severityNames as readonly unknown[]).includes(name) ? (name as SeverityName) : undefined;
}

/**
 * A rule's entry in a configuration: a severity name, or an array of the
 * severity name and, for a rule that has options, the options object.
 */
export type RuleEntry = SeverityName | [SeverityName] | [SeverityName, Record<string, unknown>];

/** The setting of one rule in a configuration. */
export interface RuleSetting {
  severity: Severity | 'off';
  /** The options as written, or `undefined` when the entry has none. */
  options?: Record<string, unknown>;
}

/** A glob pattern whose matching files have their findings dropped. */
export interface IgnorePattern {
  pattern: string;
  /** Absolute directory the pattern is relative to: the configuration file's. */
  base: string;
}

/** The configuration of one lint run. */
export interface ResolvedConfig {
  /** Absolute path of the configuration file that was read, if one was. */
  file: string | undefined;
  /** Settings by rule id. A rule that is not listed runs with its defaults. */
  rules: Map<string, RuleSetting>;
  ignore: IgnorePattern[];
  /** Problems in the configuration file, under the `config` rule id. */
  findings: Finding[];
}

/** The sources of a lint run's configuration: the `config` field of `LintOptions`. */
export interface ConfigOptions {
  /**
   * The configuration file to read, relative to the host's working
   * directory, or `false` to read none. By default the nearest
   * configuration file is searched for from the project directory upward.
   */
  file?: string | false;
  /** Rule entries that win over the file's, as `--rule` gives them. */
  rules?: Record<string, RuleEntry>;
  /** More ignore patterns, relative to the host's working directory. */
  ignore?: string[];
}

/** Returns the severity of findings for a severity name, or `off`. */
export function severityOf(name: SeverityName): Severity | 'off' {
  return name === 'warn' ? 'warning' : name;
}

/** Returns the severity name that configuration files write for a severity. */
export function severityName(severity: Severity | 'off'): SeverityName {
  return severity === 'warning' ? 'warn' : severity;
}

export function emptyConfig(): ResolvedConfig {
  return { file: undefined, rules: new Map(), ignore: [], findings: [] };
}
