import { isAlias, isMap, isScalar, type Node, type Pair } from 'yaml';

import type { TextEdit } from '../engine/finding.js';
import {
  column,
  findService,
  insertIntoFlow,
  insertLines,
  lineEnding,
  nodeEnd,
  nodeStart,
  parseText,
  replaceScalarText,
} from './compose-edit.js';

/** A key of a service's `build:` mapping and the value to write for it. */
export interface BuildValue {
  key: string;
  value: string;
}

/** The edits that write build values into one compose file, or why this file cannot take them. */
export type BuildEdit = { edits: TextEdit[] } | { reason: string };

/**
 * Edits that set keys of `services.<service>.build` in `text`, spliced at
 * the YAML node ranges so every other line stays byte-identical:
 *
 * - a key already written gets its scalar replaced, keeping its quotes;
 * - missing keys are added after the last key of a block mapping, or before
 *   the `}` of a flow mapping;
 * - the short form `build: ./dir` becomes a block mapping whose `context`
 *   keeps the written directory unless a new one is given, and a comment
 *   after the value stays on the `build:` line.
 *
 * A `build:` that is an alias, a service written in flow style, and a value
 * that interpolates a variable are not edited, because the change would
 * reach other services or drop the variable.
 */
export function setBuildValues(file: string, text: string, serviceName: string, values: readonly BuildValue[]): BuildEdit {
  const location = findService(text, serviceName);
  if (location === undefined) return { reason: `service "${serviceName}" is not defined in ${file}` };
  if (location.service.flow === true) return { reason: `service "${serviceName}" is written in flow style` };

  const build = location.build;
  if (build === undefined) return { reason: `service "${serviceName}" has no build: of its own in ${file}` };

  const buildValue = build.value;
  if (isAlias(buildValue)) {
    return { reason: `the build of service "${serviceName}" is the alias ${text.slice(nodeStart(buildValue), nodeEnd(buildValue))}, which other services may share` };
  }

  if (isScalar(buildValue)) return shortFormEdit(file, text, build as Pair<Node, Node>, buildValue, values, nodeStart(location.serviceKey));
  if (!isMap(buildValue)) return { reason: `the build of service "${serviceName}" is neither a string nor a mapping` };

  const edits: TextEdit[] = [];
  const missing: BuildValue[] = [];
  for (const entry of values) {
    const pair = buildValue.items.find((item) => isScalar(item.key) && item.key.value === entry.key);
    if (pair === undefined) {
      missing.push(entry);
      continue;
    }

    const current = pair.value as Node | null;
    if (!isScalar(current)) return { reason: `build.${entry.key} of service "${serviceName}" is not a plain value` };

    const written = text.slice(nodeStart(current), nodeEnd(current));
    if (written.includes('$')) return { reason: `build.${entry.key} of service "${serviceName}" interpolates a variable (${written})` };
    if (String(current.value) === entry.value) continue;

    const quoted = written.startsWith('"') || written.startsWith("'");
    edits.push(
      quoted || isPlainScalar(entry.value)
        ? replaceScalarText(file, text, nodeStart(current), nodeEnd(current), entry.value)
        : replaceScalarText(file, text, nodeStart(current), nodeEnd(current), JSON.stringify(entry.value)),
    );
  }
  if (missing.length === 0) return { edits };

  if (buildValue.flow === true) {
    const entries = missing.map((entry) => `${entry.key}: ${yamlScalar(entry.value)}`).join(', ');
    edits.push(insertIntoFlow(file, text, buildValue, entries, buildValue.items.length === 0));
    return { edits };
  }

  const first = buildValue.items[0];
  const last = buildValue.items[buildValue.items.length - 1];
  if (first === undefined || last === undefined) return { reason: `the build of service "${serviceName}" is an empty mapping` };

  const indent = ' '.repeat(column(text, nodeStart(first.key as Node)));
  const lastEnd = nodeEnd((last.value ?? last.key) as Node);
  edits.push(insertLines(file, text, lastEnd, missing.map((entry) => `${indent}${entry.key}: ${yamlScalar(entry.value)}`)));
  return { edits };
}

/** Rewrites `build: ./dir` as a block mapping with the given values. */
function shortFormEdit(
  file: string,
  text: string,
  build: Pair<Node, Node>,
  value: Node,
  values: readonly BuildValue[],
  serviceStart: number,
): BuildEdit {
  const written = text.slice(nodeStart(value), nodeEnd(value));
  const contextGiven = values.some((entry) => entry.key === 'context');
  if (written.includes('$') && contextGiven) return { reason: `the build context ${written} interpolates a variable` };

  const buildColumn = column(text, nodeStart(build.key));
  const unit = ' '.repeat(Math.max(1, buildColumn - column(text, serviceStart)));
  const indent = ' '.repeat(buildColumn) + unit;
  const lines = [
    ...(contextGiven ? [] : [`${indent}context: ${written}`]),
    ...values.map((entry) => `${indent}${entry.key}: ${yamlScalar(entry.value)}`),
  ];

  const eol = lineEnding(text);
  const keyEnd = text.indexOf(':', nodeEnd(build.key)) + 1;
  // The block goes before the line break, after any comment on the `build:` line.
  const newline = text.indexOf('\n', nodeEnd(value));
  let lineEnd = newline === -1 ? text.length : newline;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const index = parseText(text).lines;
  return {
    edits: [
      { range: index.range(file, keyEnd, nodeEnd(value)), newText: '' },
      { range: index.range(file, lineEnd, lineEnd), newText: lines.map((line) => eol + line).join('') },
    ],
  };
}

/** Words that YAML 1.1 readers take for booleans or null, so they must be quoted as strings. */
const specialWords = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', '~']);

function isPlainScalar(value: string): boolean {
  return /^[A-Za-z_./][A-Za-z0-9_./-]*$/.test(value) && !specialWords.has(value.toLowerCase());
}

/** Formats a value as YAML needs it written: plain when that reads back as the same string, else double-quoted. */
function yamlScalar(value: string): string {
  return isPlainScalar(value) ? value : JSON.stringify(value);
}
