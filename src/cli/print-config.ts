import { dirname, relative, resolve } from 'node:path';

import { rules } from '../../rules/index.js';
import { isIgnored } from '../config/ignore.js';
import { loadConfig } from '../config/load.js';
import { effectiveRuleSetting } from '../config/merge.js';
import { checkRuleOptions } from '../config/options.js';
import { severityName, type RuleEntry } from '../config/types.js';
import { DiskHost, DiskSnapshot } from '../host.js';
import type { CommandArguments } from './arguments.js';
import { configOptions, ExitCode, type Io } from './io.js';

/** The configuration that applies to one file, as `--print-config` prints it. */
export interface EffectiveConfig {
  /** The file asked about. */
  file: string;
  /** The configuration file read, or `null` when there is none. */
  configFile: string | null;
  /** Whether an `ignore` pattern drops the findings of the file. */
  ignored: boolean;
  /** The entry of every rule: its severity name, and its options with defaults filled in when it has an options schema. */
  rules: Record<string, RuleEntry>;
  ignore: Array<{ pattern: string; base: string }>;
}

/**
 * `lint --print-config PATH`: prints the configuration for PATH as JSON and
 * exits with 0. The configuration file is searched for from PATH's
 * directory (or PATH, when it is a directory) upward. That finds the file a
 * lint of the project reads when PATH is inside the project directory and no
 * configuration file sits between the two. A configuration with problems
 * prints each as `file:line:column: message` and exits with 2.
 *
 * NOTE: a lint searches from the project directory, so a configuration file
 * below it, which a lint never reads, is the one printed for files under it.
 */
export function runPrintConfig(options: CommandArguments, io: Io): number {
  const host = new DiskHost(io.cwd, io.env, new Map(), new DiskSnapshot());
  const file = resolve(io.cwd, options.printConfig!);
  const directory = host.kind(file) === 'directory' ? file : dirname(file);
  const config = loadConfig(configOptions(options.config), directory, host, rules);

  if (config.findings.length > 0) {
    for (const finding of config.findings) {
      const { start } = finding.range;
      io.stderr(`${relative(io.cwd, finding.range.file) || finding.range.file}:${start.line}:${start.column}: ${finding.message}\n`);
    }
    return ExitCode.error;
  }

  const entries: Record<string, RuleEntry> = {};
  for (const rule of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    const setting = effectiveRuleSetting(config, rule);
    const name = severityName(setting.severity);
    entries[rule.meta.id] = rule.meta.optionsSchema === undefined ? name : [name, checkRuleOptions(rule.meta, setting.options).options];
  }

  const effective: EffectiveConfig = {
    file,
    configFile: config.file ?? null,
    ignored: isIgnored(file, config.ignore),
    rules: entries,
    ignore: config.ignore.map(({ pattern, base }) => ({ pattern, base })),
  };
  io.stdout(`${JSON.stringify(effective, null, 2)}\n`);
  return ExitCode.clean;
}
