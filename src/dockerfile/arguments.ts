/**
 * The arguments of each instruction as BuildKit's parser dispatches them by
 * keyword (`frontend/dockerfile/parser/line_parsers.go`, dockerfile frontend
 * 1.26): exec-form JSON arrays, whitespace-separated words, words with
 * quotes, key-value pairs and whole-text shell forms.
 */

import { isSeparator, isSpace, sliceWord, splitOnWhitespace, splitShellWords, type LogicalLine, type Word } from './instruction-text.js';

/** The arguments of one instruction, or why BuildKit rejects them. */
export type ArgumentsReading =
  | {
      arguments: Word[];
      json: boolean;
      /** `ENV` and `LABEL`: key, value and the separator (`=`, or empty for the old `KEY value` form). */
      pairs?: Array<{ key: Word; value: Word; separator: Word }>;
    }
  | { error: string };

/** A JSON array that is not only strings makes BuildKit stop instead of falling back to shell form. */
type JsonArray = { kind: 'strings'; values: Word[] } | { kind: 'not-json' } | { kind: 'not-strings' };

const notStringsError = 'when using JSON array syntax, arrays must be comprised of strings only';

/**
 * Reads the arguments between `start` and `end` of the logical line for
 * `keyword` (uppercase). `ONBUILD` is not handled here: its arguments are
 * another instruction.
 */
export function readArguments(keyword: string, line: LogicalLine, start: number, end: number, escape: string): ArgumentsReading {
  switch (keyword) {
    case 'ADD':
    case 'COPY':
    case 'VOLUME':
      return readJsonOr(line, start, end, () => splitOnWhitespace(line, start, end));
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      return readJsonOr(line, start, end, () => wholeText(line, start, end));
    case 'FROM':
    case 'EXPOSE':
      return { arguments: splitOnWhitespace(line, start, end), json: false };
    case 'ARG':
      return { arguments: splitShellWords(line, start, end, escape), json: false };
    case 'ENV':
    case 'LABEL':
      return readPairs(keyword, line, start, end, escape);
    case 'HEALTHCHECK':
      return readHealthcheck(line, start, end);
    case 'MAINTAINER':
    case 'USER':
    case 'WORKDIR':
    case 'STOPSIGNAL':
      return { arguments: wholeText(line, start, end), json: false };
    default:
      return { arguments: [], json: false };
  }
}

/** Returns whether the arguments are an exec-form JSON array of strings. */
export function isJsonForm(line: LogicalLine, start: number, end: number): boolean {
  return parseJsonArray(line, start, end).kind === 'strings';
}

function readJsonOr(line: LogicalLine, start: number, end: number, fallback: () => Word[]): ArgumentsReading {
  const array = parseJsonArray(line, start, end);
  if (array.kind === 'strings') return { arguments: array.values, json: true };
  if (array.kind === 'not-strings') return { error: notStringsError };
  return { arguments: fallback(), json: false };
}

/**
 * Parses an exec form with `JSON.parse` of the exact text, and finds each
 * string literal's place so that every argument has the range of its
 * literal, quotes included.
 */
function parseJsonArray(line: LogicalLine, start: number, end: number): JsonArray {
  const text = line.text.slice(start, end);
  if (!text.startsWith('[')) return { kind: 'not-json' };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'not-json' };
  }
  if (!Array.isArray(parsed)) return { kind: 'not-json' };
  if (!parsed.every((element) => typeof element === 'string')) return { kind: 'not-strings' };

  const values: Word[] = [];
  for (let index = 0; index < text.length; index++) {
    if (text[index] !== '"') continue;
    let close = index + 1;
    while (text[close] !== '"') close += text[close] === '\\' ? 2 : 1;

    const value = parsed[values.length] as string;
    values.push({ value, offsets: [], start: line.offsets[start + index]!, end: line.offsets[start + close]! + 1 });
    index = close;
  }
  return { kind: 'strings', values };
}

/** Returns the shell form as one argument, as BuildKit keeps it. */
function wholeText(line: LogicalLine, start: number, end: number): Word[] {
  if (start >= end) return [];
  return [textWord(line, start, end)];
}

/**
 * Reads `ENV` and `LABEL`. When the first word has no `=`, the old form
 * `KEY value` takes the rest of the line as the value. Otherwise every word
 * must be `KEY=value`.
 */
function readPairs(keyword: string, line: LogicalLine, start: number, end: number, escape: string): ArgumentsReading {
  const words = splitShellWords(line, start, end, escape);
  if (words.length === 0) return { arguments: [], json: false };

  const pairs: Array<{ key: Word; value: Word; separator: Word }> = [];
  if (!words[0]!.value.includes('=')) {
    let keyEnd = start;
    while (keyEnd < end && !isSeparator(line.text[keyEnd]!)) keyEnd++;
    let valueStart = keyEnd;
    while (valueStart < end && isSeparator(line.text[valueStart]!)) valueStart++;
    if (keyEnd === end) return { error: `${keyword} must have two arguments: write ${keyword} <key>=<value>` };

    const key = textWord(line, start, keyEnd);
    const separator: Word = { value: '', offsets: [], start: key.end, end: key.end };
    pairs.push({ key, value: textWord(line, valueStart, end), separator });
  } else {
    for (const word of words) {
      const equals = word.value.indexOf('=');
      if (equals === -1) return { error: `Syntax error: no = in "${word.value}"; write ${keyword} <key>=<value>` };
      pairs.push({
        key: sliceWord(word, 0, equals),
        value: sliceWord(word, equals + 1, word.value.length),
        separator: sliceWord(word, equals, equals + 1),
      });
    }
  }

  return { arguments: pairs.flatMap((pair) => [pair.key, pair.value, pair.separator]), json: false, pairs };
}

/** Reads `HEALTHCHECK [flags] TYPE [command]`, where the command may be an exec form. */
function readHealthcheck(line: LogicalLine, start: number, end: number): ArgumentsReading {
  if (start >= end) return { arguments: [], json: false };

  let typeEnd = start;
  while (typeEnd < end && !isSpace(line.text[typeEnd]!)) typeEnd++;
  let commandStart = typeEnd;
  while (commandStart < end && isSpace(line.text[commandStart]!)) commandStart++;

  const type = textWord(line, start, typeEnd);
  const command = readJsonOr(line, commandStart, end, () => wholeText(line, commandStart, end));
  if ('error' in command) return command;
  return { arguments: [type, ...command.arguments], json: command.json };
}

function textWord(line: LogicalLine, from: number, to: number): Word {
  const offsets = line.offsets.slice(from, to);
  const start = offsets[0] ?? (from > 0 ? line.offsets[from - 1]! + 1 : 0);
  const last = offsets[offsets.length - 1];
  return { value: line.text.slice(from, to), offsets, start, end: last === undefined ? start : last + 1 };
}

/**
 * Returns the text with each run of white space outside quotes made one
 * space and the ends trimmed. The escape character keeps the character after
 * it, except inside single quotes.
 */
export function collapseWhitespace(text: string, escape: string): string {
  let result = '';
  let quote: string | undefined;
  let pendingSpace = false;
  // Start of the characters since the last white space, which are copied unchanged, or -1 inside white space.
  let copyStart = 0;

  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quote === undefined && isSpace(character)) {
      if (copyStart !== -1) result += text.slice(copyStart, index);
      copyStart = -1;
      pendingSpace = result !== '';
      continue;
    }
    if (copyStart === -1) {
      if (pendingSpace) result += ' ';
      pendingSpace = false;
      copyStart = index;
    }

    if (character === escape && quote !== "'" && index + 1 < text.length) {
      index++;
      continue;
    }
    if (quote === undefined && (character === '"' || character === "'")) quote = character;
    else if (character === quote) quote = undefined;
  }
  if (copyStart !== -1) result += text.slice(copyStart);
  return result;
}
