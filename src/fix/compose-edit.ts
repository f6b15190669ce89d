import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type YAMLMap } from 'yaml';

import type { TextEdit } from '../engine/finding.js';
import { LineIndex } from '../source.js';

/**
 * Edits of a compose file's text, computed from the YAML node ranges and
 * spliced into the original text: untouched lines stay byte-identical, and
 * comments, quoting and key order are kept.
 */

/** A `build:` written directly under `services.<name>` in one file. */
interface BuildLocation {
  text: string;
  serviceKey: Node;
  service: YAMLMap;
  build: Pair<Node, Node | null>;
}

function findBuild(text: string, serviceName: string): BuildLocation | undefined {
  let found: BuildLocation | undefined;
  for (const document of parseAllDocuments(text, { keepSourceTokens: true })) {
    if (!('contents' in document) || document.errors.length > 0 || !isMap(document.contents)) continue;

    const services = document.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'services');
    if (services === undefined || !isMap(services.value)) continue;

    const service = services.value.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === serviceName);
    if (service === undefined || !isMap(service.value) || !isScalar(service.key)) continue;

    const build = service.value.items.find((pair) => isScalar(pair.key) && pair.key.value === 'build');
    if (build !== undefined && isPair(build)) {
      found = { text, serviceKey: service.key as Node, service: service.value, build: build as Pair<Node, Node | null> };
    }
  }
  return found;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function nodeStart(node: Node): number {
  return node.range?.[0] ?? 0;
}

function nodeEnd(node: Node): number {
  return node.range?.[1] ?? 0;
}

/** Offset of the start of the line after the one where `offset` ends a value. */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** A mapping key as YAML needs it written: plain when safe, else double-quoted. */
function yamlKey(key: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(key) ? key : JSON.stringify(key);
}

function insertion(file: string, text: string, offset: number, newText: string): TextEdit {
  const index = new LineIndex(text);
  return { range: index.range(file, offset, offset), newText };
}

/** Inserts whole lines after the line where `offset` is, adding a line break at the end of the file if it lacks one. */
function insertLines(file: string, text: string, offset: number, lines: string[]): TextEdit {
  const eol = lineEnding(text);
  const at = afterLine(text, offset);
  const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
  return insertion(file, text, at, prefix + lines.map((line) => line + eol).join(''));
}

/** Inserts `entry` before the closing bracket of a flow collection. */
function insertIntoFlow(file: string, text: string, collection: Node, entry: string, empty: boolean): TextEdit {
  const close = nodeEnd(collection) - 1;
  let at = close;
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return insertion(file, text, at, empty ? entry : `, ${entry}`);
}

/**
 * Edits that add `key: "value"` to `services.<service>.build.additional_contexts`
 * in `text`, or `undefined` when the file has no `build:` written directly in
 * that service (it then comes from another file, a merge key or `extends`).
 * Turns the short form `build: ./dir` into the long form, keeping its comment.
 */
export function addAdditionalContext(
  file: string,
  text: string,
  serviceName: string,
  key: string,
  value: string,
): TextEdit[] | undefined {
  const location = findBuild(text, serviceName);
  if (location === undefined) return undefined;

  const { service, serviceKey, build } = location;
  const serviceColumn = column(text, nodeStart(serviceKey));
  const buildColumn = column(text, nodeStart(build.key as Node));
  const unit = ' '.repeat(Math.max(1, buildColumn - serviceColumn));
  const entry = `${yamlKey(key)}: ${JSON.stringify(value)}`;
  const buildValue = build.value;

  if (service.flow === true) return undefined;

  if (isScalar(buildValue)) {
    // Short form: drop the value after `build:` and write the long form on
    // the following lines, so a comment after the value stays on `build:`.
    const childIndent = ' '.repeat(buildColumn) + unit;
    const eol = lineEnding(text);
    const keyEnd = text.indexOf(':', nodeEnd(build.key as Node)) + 1;
    const source = text.slice(nodeStart(buildValue), nodeEnd(buildValue));
    const newline = text.indexOf('\n', nodeEnd(buildValue));
    const lineEnd = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
    const index = new LineIndex(text);
    const lines = [`${childIndent}context: ${source}`, `${childIndent}additional_contexts:`, `${childIndent}${unit}${entry}`];
    return [
      { range: index.range(file, keyEnd, nodeEnd(buildValue)), newText: '' },
      insertion(file, text, lineEnd, lines.map((line) => eol + line).join('')),
    ];
  }

  if (!isMap(buildValue)) return undefined;

  if (buildValue.flow === true) {
    return [insertIntoFlow(file, text, buildValue, `additional_contexts: {${entry}}`, buildValue.items.length === 0)];
  }

  const contexts = buildValue.items.find((pair) => isScalar(pair.key) && pair.key.value === 'additional_contexts');
  if (contexts === undefined) {
    const last = buildValue.items[buildValue.items.length - 1]!;
    const childColumn = column(text, nodeStart(buildValue.items[0]!.key as Node));
    const childIndent = ' '.repeat(childColumn);
    const childUnit = ' '.repeat(Math.max(1, childColumn - buildColumn));
    const lastEnd = nodeEnd((last.value ?? last.key) as Node);
    return [insertLines(file, text, lastEnd, [`${childIndent}additional_contexts:`, `${childIndent}${childUnit}${entry}`])];
  }

  const collection = contexts.value;
  if (isMap(collection) || isSeq(collection)) {
    const listEntry = JSON.stringify(`${key}=${value}`);
    if (collection.flow === true) {
      return [insertIntoFlow(file, text, collection, isMap(collection) ? entry : listEntry, collection.items.length === 0)];
    }
    const items = collection.items as Array<Node | Pair<Node, Node | null>>;
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return undefined;

    const lastNode = (isPair(last) ? (last.value ?? last.key) : last) as Node;
    if (isMap(collection)) {
      const indent = ' '.repeat(column(text, nodeStart((first as Pair<Node, Node>).key)));
      return [insertLines(file, text, nodeEnd(lastNode), [`${indent}${entry}`])];
    }
    const dash = text.lastIndexOf('-', nodeStart(first as Node));
    return [insertLines(file, text, nodeEnd(lastNode), [`${' '.repeat(column(text, dash))}- ${listEntry}`])];
  }
  return undefined;
}

/** An edit that replaces the text of a scalar key or value, keeping its quotes. */
export function replaceScalarText(file: string, text: string, start: number, end: number, newValue: string): TextEdit {
  const index = new LineIndex(text);
  const quote = text[start];
  if ((quote === '"' || quote === "'") && text[end - 1] === quote && end - start >= 2) {
    return { range: index.range(file, start + 1, end - 1), newText: newValue };
  }
  return { range: index.range(file, start, end), newText: newValue };
}
