import { isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type Scalar, type YAMLError } from 'yaml';

import { closestMatch, listAlternatives } from '../engine/describe.js';
import type { Finding } from '../engine/finding.js';
import type { Rule } from '../engine/rule.js';
import { findExcessiveNesting, maxNestingDepth } from '../project/yaml-limits.js';
import { LineIndex, type SourceRange } from '../source.js';
import { packageKey, type ConfigLocation } from './discover.js';
import { checkRuleOptions } from './options.js';
import { configRuleId, parseSeverityName, severityNames, severityOf, type RuleSetting, type SeverityName } from './types.js';

/** The settings of a configuration file and the problems found in it. */
export interface ConfigFileContent {
  rules: Map<string, RuleSetting>;
  /** Glob patterns as written, relative to the file's directory. */
  ignore: string[];
  findings: Finding[];
}

const topLevelKeys = ['rules', 'ignore', '$schema'];

/**
 * Reads and validates a configuration file. Every problem becomes a finding
 * under the `config` rule id at its exact place in the file. The valid parts
 * still apply, and a rule entry that cannot be read is left out, so that rule
 * keeps its default.
 */
export function readConfigFile(location: ConfigLocation, text: string, rules: readonly Rule[]): ConfigFileContent {
  return new ConfigReader(location, text, rules).read();
}

class ConfigReader {
  readonly #location: ConfigLocation;
  readonly #text: string;
  readonly #lines: LineIndex;
  readonly #rules: Map<string, Rule>;
  readonly #content: ConfigFileContent = { rules: new Map(), ignore: [], findings: [] };

  constructor(location: ConfigLocation, text: string, rules: readonly Rule[]) {
    this.#location = location;
    this.#text = text;
    this.#lines = new LineIndex(text);
    this.#rules = new Map(rules.map((rule) => [rule.meta.id, rule]));
  }

  read(): ConfigFileContent {
    if (this.#location.format !== 'yaml' && !this.#checkJson()) return this.#content;

    const tooDeep = findExcessiveNesting(this.#text);
    if (tooDeep !== undefined) {
      this.#report(`invalid YAML: nested more than ${maxNestingDepth} levels deep`, this.#lines.range(this.#location.path, tooDeep, tooDeep));
      return this.#content;
    }

    const document = parseDocument(this.#text, { uniqueKeys: true, prettyErrors: false });
    if (document.errors.length > 0) {
      const kind = this.#location.format === 'yaml' ? 'YAML' : 'JSON';
      for (const error of document.errors) this.#reportSyntaxError(error, kind, document);
      return this.#content;
    }

    const root = this.#findRoot(document);
    if (root === undefined || isEmpty(root)) return this.#content;
    if (!isMap(root)) {
      this.#report('the configuration must be a mapping with the keys "rules" and "ignore"', this.#range(root));
      return this.#content;
    }

    for (const pair of root.items) {
      const key = scalarText(pair.key);
      if (key === 'rules') this.#readRules(pair);
      else if (key === 'ignore') this.#readIgnore(pair);
      else if (key !== '$schema') this.#reportUnknownKey(pair, key);
    }
    return this.#content;
  }

  /** JSON.parse accepts less than the YAML parser, so a `.json` file must pass it too. */
  #checkJson(): boolean {
    try {
      JSON.parse(this.#text);
      return true;
    } catch (error) {
      const message = (error as Error).message;
      const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? 0);
      this.#report(`invalid JSON: ${message}`, this.#lines.range(this.#location.path, offset, offset));
      return false;
    }
  }

  /** Finds the node that contains the configuration: the document, or the `compose-lint` key of `package.json`. */
  #findRoot(document: Document.Parsed): Node | undefined {
    const contents = document.contents ?? undefined;
    if (this.#location.format !== 'package') return contents;

    const pair = isMap(contents) ? contents.items.find((item) => scalarText(item.key) === packageKey) : undefined;
    if (pair === undefined) {
      this.#report(`package.json has no "${packageKey}" key`, this.#lines.range(this.#location.path, 0, 0));
      return undefined;
    }
    return (pair.value as Node | null) ?? undefined;
  }

  #readRules(pair: Pair): void {
    const value = pair.value as Node | null;
    if (value === null || isEmpty(value)) return;
    if (!isMap(value)) {
      this.#report('"rules" must be a mapping from rule ids to severities', this.#range(value));
      return;
    }

    for (const entry of value.items) {
      const id = scalarText(entry.key);
      const keyNode = entry.key as Node;
      if (id === undefined) {
        this.#report('a rule id must be a string', this.#range(keyNode));
        continue;
      }

      const rule = this.#rules.get(id);
      if (rule === undefined) {
        this.#report(unknownRuleMessage(id, [...this.#rules.keys()]), this.#range(keyNode));
        continue;
      }

      const setting = this.#readRuleEntry(rule, entry.value as Node | null, keyNode);
      if (setting !== undefined) this.#content.rules.set(id, setting);
    }
  }

  /** Reads `severity` or `[severity, options]`; returns `undefined` after reporting a problem. */
  #readRuleEntry(rule: Rule, value: Node | null, keyNode: Node): RuleSetting | undefined {
    const id = rule.meta.id;
    const expected = `expected ${listAlternatives(severityNames.map((name) => `"${name}"`))}, or [severity, options]`;
    if (value === null || isEmpty(value)) {
      this.#report(`rule "${id}" has no severity; ${expected}`, this.#range(keyNode));
      return undefined;
    }

    const items = isSeq(value) ? (value.items as Node[]) : [value];
    const [severityNode, optionsNode, extra] = items;
    if (severityNode === undefined) {
      this.#report(`rule "${id}" has no severity; ${expected}`, this.#range(value));
      return undefined;
    }
    if (extra !== undefined) {
      this.#report(`rule "${id}" has ${items.length} entries; ${expected}`, this.#range(extra));
      return undefined;
    }

    const severity = this.#readSeverity(id, severityNode, expected);
    if (severity === undefined) return undefined;
    if (optionsNode === undefined) return { severity };

    const options = this.#readOptions(rule, optionsNode);
    return options === undefined ? undefined : { severity, options };
  }

  #readSeverity(id: string, node: Node, expected: string): RuleSetting['severity'] | undefined {
    const name = parseSeverityName(scalarText(node));
    if (name !== undefined) return severityOf(name);

    const written = isScalar(node) ? JSON.stringify(node.value) : 'a collection';
    const suggestion = isScalar(node) ? suggestSeverity(node.value) : undefined;
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    this.#report(`invalid severity ${written} for rule "${id}"${hint}; ${expected}`, this.#range(node));
    return undefined;
  }

  #readOptions(rule: Rule, node: Node): Record<string, unknown> | undefined {
    const id = rule.meta.id;
    if (rule.meta.optionsSchema === undefined) {
      this.#report(`rule "${id}" takes no options; write only its severity`, this.#range(node));
      return undefined;
    }
    if (!isMap(node)) {
      this.#report(`the options of rule "${id}" must be a mapping`, this.#range(node));
      return undefined;
    }

    const options = node.toJSON() as Record<string, unknown>;
    const { errors } = checkRuleOptions(rule.meta, options);
    for (const error of errors) {
      const unknownKey = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined;
      const path = error.instancePath.split('/').slice(1).map(decodePointerSegment);
      const target = unknownKey === undefined ? findNode(node, path) : findKeyNode(findNode(node, path), unknownKey);
      const subject = unknownKey !== undefined ? `has an unknown option "${unknownKey}"` : describeOptionError(path, error.message);
      this.#report(`rule "${id}" ${subject}`, this.#range(target));
    }
    return errors.length > 0 ? undefined : options;
  }

  #readIgnore(pair: Pair): void {
    const value = pair.value as Node | null;
    if (value === null || isEmpty(value)) return;
    if (!isSeq(value)) {
      this.#report('"ignore" must be a list of glob patterns', this.#range(value));
      return;
    }

    for (const item of value.items as Node[]) {
      const pattern = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
      if (pattern === undefined || pattern.trim() === '') {
        this.#report('an "ignore" entry must be a non-empty glob pattern string', this.#range(item));
        continue;
      }
      this.#content.ignore.push(pattern);
    }
  }

  /** Reports a parser error; a duplicate key is reported on the whole key, as yaml-syntax does in compose files. */
  #reportSyntaxError(error: YAMLError, kind: string, document: Document.Parsed): void {
    const [start, end] = error.pos;
    const key = error.code === 'DUPLICATE_KEY' ? findKeyAt(document, start) : undefined;
    if (key === undefined) {
      const message = error.message.replace(/\s+/g, ' ').trim();
      this.#report(`invalid ${kind}: ${message}`, this.#lines.range(this.#location.path, start, Math.max(start, end)));
      return;
    }
    this.#report(`invalid ${kind}: duplicate key "${String(key.value)}": keys of a mapping must be unique`, this.#range(key));
  }

  #reportUnknownKey(pair: Pair, key: string | undefined): void {
    const known = topLevelKeys.filter((name) => name !== '$schema');
    const suggestion = key === undefined ? undefined : closestMatch(key, known);
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    const name = key === undefined ? 'a non-string key' : `"${key}"`;
    this.#report(`unknown configuration key ${name}${hint}; expected ${listAlternatives(known.map((item) => `"${item}"`))}`, this.#range(pair.key as Node));
  }

  #range(node: Node | undefined): SourceRange {
    const [start, end] = node?.range ?? [0, 0];
    return this.#lines.range(this.#location.path, start, end);
  }

  #report(message: string, range: SourceRange): void {
    this.#content.findings.push({ ruleId: configRuleId, severity: 'error', message, range });
  }
}

/** Describes a rule id that no rule has, with the closest id when there is one. */
export function unknownRuleMessage(id: string, known: string[]): string {
  const suggestion = closestMatch(id, known);
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  return `unknown rule "${id}"${hint}; run "compose-lint rules" to list the rules`;
}

/** ESLint's severity names and numbers, which users bring along, map to ours. */
const severityAliases: Record<string, SeverityName> = { '0': 'off', '1': 'warn', '2': 'error' };

function suggestSeverity(value: unknown): string | undefined {
  const text = String(value).toLowerCase();
  return severityAliases[text] ?? closestMatch(text, [...severityNames]);
}

/** Finds the scalar key that starts at `offset`. */
function findKeyAt(document: Document.Parsed, offset: number): Scalar | undefined {
  let found: Scalar | undefined;
  visit(document, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      found = pair.key;
      return visit.BREAK;
    },
  });
  return found;
}

function describeOptionError(path: string[], message: string | undefined): string {
  const subject = path.length === 0 ? 'options' : `option "${path.join('.')}"`;
  return `${subject} ${message ?? 'is invalid'}`;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function isEmpty(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

/** Finds the node at a JSON pointer path below `node`, or the deepest one on the path that exists. */
function findNode(node: Node, path: string[]): Node {
  let current = node;
  for (const segment of path) {
    let next: unknown;
    if (isMap(current)) next = current.items.find((pair) => scalarText(pair.key) === segment)?.value;
    else if (isSeq(current)) next = current.items[Number(segment)];
    if (next === undefined || next === null) return current;
    current = next as Node;
  }
  return current;
}

function findKeyNode(node: Node, key: string): Node {
  if (!isMap(node)) return node;
  return (node.items.find((pair) => scalarText(pair.key) === key)?.key as Node | undefined) ?? node;
}

function decodePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
