import { dirname, resolve } from 'node:path';

import type { Rule } from '../engine/rule.js';
import type { Host } from '../host.js';
import { InputError } from '../project/errors.js';
import { configFormatOf, findConfigFile, type ConfigLocation } from './discover.js';
import { mergeRuleSettings } from './merge.js';
import { checkRuleOptions } from './options.js';
import { readConfigFile, unknownRuleMessage, type ConfigFileContent } from './read.js';
import {
  parseSeverityName,
  severityOf,
  type ConfigOptions,
  type IgnorePattern,
  type ResolvedConfig,
  type RuleEntry,
  type RuleSetting,
  type SeverityName,
} from './types.js';

/**
 * Loads the configuration of a lint run: the file named by `options.file`,
 * or the nearest configuration file from `directory` upward, with
 * `options.rules` and `options.ignore` applied over it.
 *
 * Problems inside the file are findings in the result. Throws `InputError`
 * when the named file does not exist, and for an invalid entry of
 * `options.rules`, which has no place in a file to report it at.
 */
export function loadConfig(options: ConfigOptions, directory: string, host: Host, rules: readonly Rule[]): ResolvedConfig {
  const location = locateConfigFile(options, directory, host);
  const content: ConfigFileContent =
    location === undefined ? { rules: new Map(), ignore: [], findings: [] } : readConfigFile(location, host.readText(location.path) ?? '', rules);

  const fileIgnore: IgnorePattern[] =
    location === undefined ? [] : content.ignore.map((pattern) => ({ pattern, base: dirname(location.path) }));
  const extraIgnore = (options.ignore ?? []).map((pattern) => ({ pattern, base: host.cwd }));

  return {
    file: location?.path,
    rules: mergeRuleSettings(content.rules, readRuleEntries(options.rules ?? {}, rules)),
    ignore: [...fileIgnore, ...extraIgnore],
    findings: content.findings,
  };
}

function locateConfigFile(options: ConfigOptions, directory: string, host: Host): ConfigLocation | undefined {
  if (options.file === false) return undefined;
  if (options.file === undefined) return findConfigFile(directory, host);

  const path = resolve(host.cwd, options.file);
  if (host.kind(path) !== 'file') throw new InputError(`configuration file not found: ${path}`, path);
  return { path, format: configFormatOf(path) };
}

/** Validates rule entries given in code or on the command line. */
export function readRuleEntries(entries: Record<string, RuleEntry>, rules: readonly Rule[]): Map<string, RuleSetting> {
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));
  const settings = new Map<string, RuleSetting>();

  for (const [id, entry] of Object.entries(entries)) {
    const rule = byId.get(id);
    if (rule === undefined) throw new InputError(unknownRuleMessage(id, [...byId.keys()]));

    const [written, options] = Array.isArray(entry) ? entry : [entry];
    const name = parseSeverityName(written);
    if (name === undefined) {
      throw new InputError(`invalid severity ${JSON.stringify(written)} for rule "${id}"; expected off, info, warn or error`);
    }

    const severity = severityOf(name);
    if (options === undefined) {
      settings.set(id, { severity });
      continue;
    }

    if (rule.meta.optionsSchema === undefined) throw new InputError(`rule "${id}" takes no options`);
    const { errors } = checkRuleOptions(rule.meta, options);
    if (errors.length > 0) {
      const reasons = errors.map((error) => `${error.instancePath || 'options'} ${error.message ?? 'is invalid'}`);
      throw new InputError(`invalid options for rule "${id}": ${reasons.join('; ')}`);
    }
    settings.set(id, { severity, options });
  }
  return settings;
}
