import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type EmptyStream,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';

import type { TextEdit } from '../engine/finding.js';
import { findDuplicateKeys } from '../project/yaml-file.js';
import { findExcessiveNesting } from '../project/yaml-limits.js';
import { LineIndex } from '../source.js';

/**
 * Edits of a compose file's text, computed from the YAML node ranges and
 * spliced into the original text: untouched lines stay byte-identical, and
 * comments, quoting and key order are kept.
 */

/** A service written directly under `services:` in one file, and its `build:` if it has one. */
export interface ServiceLocation {
  serviceKey: Node;
  service: YAMLMap;
  build: Pair<Node, Node | null> | undefined;
}

/**
 * Parsed documents of the most recent texts. A project with many services
 * asks for one fix per service on the same compose file, and parsing it once
 * per fix would make fixing quadratic in the number of services.
 */
interface ParsedText {
  documents: Array<Document.Parsed> | EmptyStream;
  lines: LineIndex;
  /** Filled on the first lookup. */
  services?: Map<string, ServiceLocation>;
}

const parsedTexts = new Map<string, ParsedText>();
const parsedTextsLimit = 8;

export function parseText(text: string): ParsedText {
  let parsed = parsedTexts.get(text);
  if (parsed === undefined) {
    // A text nested too deep for the parser has no documents to edit. Duplicate keys are
    // found in linear time by `findDuplicateKeys`, as the parser's own check is quadratic.
    const documents = findExcessiveNesting(text) === undefined ? parseAllDocuments(text, { uniqueKeys: false }) : [];
    parsed = { documents, lines: new LineIndex(text) };
    if (parsedTexts.size >= parsedTextsLimit) parsedTexts.delete(parsedTexts.keys().next().value!);
    parsedTexts.set(text, parsed);
  }
  return parsed;
}

/** The last definition of `services.<name>` in the documents of a file. */
export function findService(text: string, serviceName: string): ServiceLocation | undefined {
  const parsed = parseText(text);
  parsed.services ??= indexServices(parsed.documents);
  return parsed.services.get(serviceName);
}

/** Every service of the documents by name; a later document's definition wins. */
function indexServices(documents: Array<Document.Parsed> | EmptyStream): Map<string, ServiceLocation> {
  const index = new Map<string, ServiceLocation>();
  for (const document of documents) {
    if (!('contents' in document) || document.errors.length > 0 || !isMap(document.contents)) continue;
    if (findDuplicateKeys(document).length > 0) continue;

    const services = document.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'services');
    if (services === undefined || !isMap(services.value)) continue;

    for (const service of services.value.items) {
      if (!isMap(service.value) || !isScalar(service.key)) continue;
      const build = service.value.items.find((pair) => isScalar(pair.key) && pair.key.value === 'build');
      index.set(String(service.key.value), {
        serviceKey: service.key as Node,
        service: service.value,
        build: build !== undefined && isPair(build) ? (build as Pair<Node, Node | null>) : undefined,
      });
    }
  }
  return index;
}

function hasKey(map: YAMLMap, key: string): boolean {
  return map.items.some((pair) => isScalar(pair.key) && pair.key.value === key);
}

export function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function nodeStart(node: Node): number {
  return node.range?.[0] ?? 0;
}

export function nodeEnd(node: Node): number {
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
  const index = parseText(text).lines;
  return { range: index.range(file, offset, offset), newText };
}

/** Inserts whole lines after the line where `offset` is, adding a line break at the end of the file if it lacks one. */
export function insertLines(file: string, text: string, offset: number, lines: string[]): TextEdit {
  const eol = lineEnding(text);
  const at = afterLine(text, offset);
  const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
  return insertion(file, text, at, prefix + lines.map((line) => line + eol).join(''));
}

/** Inserts `entry` before the closing bracket of a flow collection. */
export function insertIntoFlow(file: string, text: string, collection: Node, entry: string, empty: boolean): TextEdit {
  const close = nodeEnd(collection) - 1;
  let at = close;
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return insertion(file, text, at, empty ? entry : `, ${entry}`);
}

function single(edit: TextEdit): ContextEdit {
  return { edits: [edit], note: undefined };
}

/** The edits of a context entry, and what the fix title should add about where they go. */
export interface ContextEdit {
  edits: TextEdit[];
  note: string | undefined;
}

/**
 * Edits that add `key: "value"` to `services.<service>.build.additional_contexts`
 * in `text`, or `undefined` when this file cannot take the entry safely.
 *
 * - The short form `build: ./dir` becomes the long form, keeping its comment.
 * - A `build: *anchor` shared with other services becomes
 *   `build: {<<: *anchor, additional_contexts: ...}` in block form, so the
 *   entry applies to this service only and the anchor stays unchanged.
 * - A service without `build:` that `extends` another gets a `build:` with
 *   the entry alone, which Compose merges into the inherited build by key.
 * - Otherwise a service without `build:` in this file (its build comes from
 *   another file or a merge key) gets no edit here.
 */
export function addAdditionalContext(
  file: string,
  text: string,
  serviceName: string,
  key: string,
  value: string,
): ContextEdit | undefined {
  const location = findService(text, serviceName);
  if (location === undefined || location.service.flow === true) return undefined;

  const { service, serviceKey, build } = location;
  const serviceColumn = column(text, nodeStart(serviceKey));
  const entry = `${yamlKey(key)}: ${JSON.stringify(value)}`;
  const eol = lineEnding(text);

  if (build === undefined) {
    if (!hasKey(service, 'extends')) return undefined;
    const first = service.items[0]!;
    const fieldColumn = column(text, nodeStart(first.key as Node));
    const indent = ' '.repeat(fieldColumn);
    const unit = ' '.repeat(Math.max(1, fieldColumn - serviceColumn));
    const last = service.items[service.items.length - 1]!;
    return {
      edits: [
        insertLines(file, text, nodeEnd((last.value ?? last.key) as Node), [
          `${indent}build:`,
          `${indent}${unit}additional_contexts:`,
          `${indent}${unit}${unit}${entry}`,
        ]),
      ],
      note: 'as a build section that Compose merges into the one the service extends',
    };
  }

  const buildColumn = column(text, nodeStart(build.key as Node));
  const unit = ' '.repeat(Math.max(1, buildColumn - serviceColumn));
  const buildValue = build.value;

  if (isScalar(buildValue) || isAlias(buildValue)) {
    // Short form or alias: drop the value after `build:` and write a block
    // mapping on the following lines, so a comment after the value stays on
    // the `build:` line.
    const childIndent = ' '.repeat(buildColumn) + unit;
    const keyEnd = text.indexOf(':', nodeEnd(build.key as Node)) + 1;
    const source = text.slice(nodeStart(buildValue), nodeEnd(buildValue));
    const newline = text.indexOf('\n', nodeEnd(buildValue));
    let lineEnd = text.length;
    if (newline !== -1) lineEnd = text[newline - 1] === '\r' ? newline - 1 : newline;
    const index = parseText(text).lines;
    const lines = [
      isAlias(buildValue) ? `${childIndent}<<: ${source}` : `${childIndent}context: ${source}`,
      `${childIndent}additional_contexts:`,
      `${childIndent}${unit}${entry}`,
    ];
    return {
      edits: [
        { range: index.range(file, keyEnd, nodeEnd(buildValue)), newText: '' },
        insertion(file, text, lineEnd, lines.map((line) => eol + line).join('')),
      ],
      note: isAlias(buildValue) ? `next to the shared ${source}, which stays unchanged` : undefined,
    };
  }

  if (!isMap(buildValue)) return undefined;

  if (buildValue.flow === true) {
    return single(insertIntoFlow(file, text, buildValue, `additional_contexts: {${entry}}`, buildValue.items.length === 0));
  }

  const contexts = buildValue.items.find((pair) => isScalar(pair.key) && pair.key.value === 'additional_contexts');
  if (contexts === undefined) {
    const last = buildValue.items[buildValue.items.length - 1]!;
    const childColumn = column(text, nodeStart(buildValue.items[0]!.key as Node));
    const childIndent = ' '.repeat(childColumn);
    const childUnit = ' '.repeat(Math.max(1, childColumn - buildColumn));
    const lastEnd = nodeEnd((last.value ?? last.key) as Node);
    return single(insertLines(file, text, lastEnd, [`${childIndent}additional_contexts:`, `${childIndent}${childUnit}${entry}`]));
  }

  const collection = contexts.value;
  if (isMap(collection) || isSeq(collection)) {
    const listEntry = JSON.stringify(`${key}=${value}`);
    if (collection.flow === true) {
      return single(insertIntoFlow(file, text, collection, isMap(collection) ? entry : listEntry, collection.items.length === 0));
    }
    const items = collection.items as Array<Node | Pair<Node, Node | null>>;
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return undefined;

    const lastNode = (isPair(last) ? (last.value ?? last.key) : last) as Node;
    if (isMap(collection)) {
      const indent = ' '.repeat(column(text, nodeStart((first as Pair<Node, Node>).key)));
      return single(insertLines(file, text, nodeEnd(lastNode), [`${indent}${entry}`]));
    }
    const dash = text.lastIndexOf('-', nodeStart(first as Node));
    return single(insertLines(file, text, nodeEnd(lastNode), [`${' '.repeat(column(text, dash))}- ${listEntry}`]));
  }
  return undefined;
}

/** An edit that replaces the text of a scalar key or value, keeping its quotes. */
export function replaceScalarText(file: string, text: string, start: number, end: number, newValue: string): TextEdit {
  const index = parseText(text).lines;
  const quote = text[start];
  if ((quote === '"' || quote === "'") && text[end - 1] === quote && end - start >= 2) {
    return { range: index.range(file, start + 1, end - 1), newText: newValue };
  }
  return { range: index.range(file, start, end), newText: newValue };
}
