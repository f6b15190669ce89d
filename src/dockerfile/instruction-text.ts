/**
 * Splitting of one Dockerfile instruction into keyword, flags and words with
 * the rules of BuildKit's parser (`frontend/dockerfile/parser` as of
 * dockerfile frontend 1.26). The source offset of every character is kept,
 * so that each piece has an exact range.
 */

/** One instruction's text with line continuations, comment lines and blank continuation lines removed. */
export interface LogicalLine {
  text: string;
  /** Source offset of each character of `text`. */
  offsets: number[];
}

/** A word of an instruction after the quote and escape processing its position calls for. */
export interface Word {
  value: string;
  /** Source offset of each character of `value`. */
  offsets: number[];
  /** Source offset where the word starts, quotes included. */
  start: number;
  /** Source offset just past the word, quotes included. */
  end: number;
}

export interface Command {
  keyword: Word;
  /** Leading `--name[=value]` words, unquoted as BuildKit's `extractBuilderFlags` does. */
  flags: Word[];
  /** Index into the logical line where the arguments after the flags start. */
  argumentsStart: number;
  /** Index into the logical line just past the last non-space character. */
  argumentsEnd: number;
  /** Source offset just past the last non-space character of the instruction. */
  end: number;
}

/** A `--name=value` flag split into its parts. */
export interface Flag {
  name: string;
  /** `undefined` when the flag has no `=`. */
  value: Word | undefined;
  word: Word;
}

/** Whitespace that BuildKit's `reWhitespace` splits the keyword and `FROM` arguments on. */
const separatorCharacters = new Set(['\t', '\v', '\f', '\r', ' ']);

/** Returns whether a character is white space by Go's `unicode.IsSpace`, which BuildKit's word splitters use. */
export function isSpace(character: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(character);
}

/**
 * Reads the instruction that starts at `start`: the physical line and, while
 * a line ends with the escape character, the lines after it. Comment lines
 * and blank lines inside a continuation are skipped, as BuildKit does.
 * Reading stops before `limit`. Heredoc bodies come after the logical line,
 * so they are never part of it.
 */
export function readLogicalLine(source: string, start: number, limit: number, escape: string): LogicalLine {
  const line: LogicalLine = { text: '', offsets: [] };
  let lineStart = start;
  let first = true;

  while (lineStart < limit) {
    const newline = source.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline > limit ? limit : newline;
    let content = source.slice(lineStart, lineEnd).replace(/[\r\n]+$/, '');
    let contentStart = lineStart;

    if (first) {
      const leading = content.length - content.trimStart().length;
      content = content.slice(leading);
      contentStart += leading;
    } else if (isCommentLine(content) || content.trim() === '') {
      lineStart = lineEnd + 1;
      continue;
    }
    first = false;

    const continuation = continuationIndex(content, escape);
    const joined = continuation === undefined ? content : content.slice(0, continuation);
    for (let i = 0; i < joined.length; i++) {
      line.text += joined[i];
      line.offsets.push(contentStart + i);
    }

    if (continuation === undefined) break;
    lineStart = lineEnd + 1;
  }
  return line;
}

/** Returns the source offset just past the last character of a logical line, or `fallback` for an empty one. */
export function logicalLineEnd(line: LogicalLine, fallback: number): number {
  const last = line.offsets[line.offsets.length - 1];
  return last === undefined ? fallback : last + 1;
}

/**
 * Splits off the keyword and the leading flags, as BuildKit's `splitCommand`
 * does, from `start` on. ONBUILD triggers are split again from their
 * arguments start.
 */
export function splitCommand(line: LogicalLine, start: number, escape: string): Command {
  let position = start;
  while (position < line.text.length && isSpace(line.text[position]!)) position++;
  const keywordStart = position;
  while (position < line.text.length && !separatorCharacters.has(line.text[position]!)) position++;
  const keyword = rawWord(line, keywordStart, position);
  while (position < line.text.length && separatorCharacters.has(line.text[position]!)) position++;

  let argumentsEnd = line.text.length;
  while (argumentsEnd > position && isSpace(line.text[argumentsEnd - 1]!)) argumentsEnd--;
  const end = argumentsEnd > position ? line.offsets[argumentsEnd - 1]! + 1 : keyword.end;

  const { flags, rest } = extractFlags(line, position, argumentsEnd, escape);
  let argumentsStart = rest;
  while (argumentsStart < argumentsEnd && isSpace(line.text[argumentsStart]!)) argumentsStart++;
  return { keyword, flags, argumentsStart, argumentsEnd, end };
}

/** Splits a flag word at its first `=`. */
export function splitFlag(word: Word): Flag {
  const equals = word.value.indexOf('=');
  const nameEnd = equals === -1 ? word.value.length : equals;
  const name = word.value.slice(2, nameEnd);
  const value = equals === -1 ? undefined : sliceWord(word, equals + 1, word.value.length);
  return { name, value, word };
}

/**
 * Splits the arguments on runs of whitespace without any quote processing,
 * as BuildKit's `parseStringsWhitespaceDelimited` does for `FROM`.
 */
export function splitOnWhitespace(line: LogicalLine, start: number, end: number): Word[] {
  const words: Word[] = [];
  let position = start;
  while (position < end) {
    while (position < end && separatorCharacters.has(line.text[position]!)) position++;
    const wordStart = position;
    while (position < end && !separatorCharacters.has(line.text[position]!)) position++;
    if (position > wordStart) words.push(rawWord(line, wordStart, position));
  }
  return words;
}

/**
 * Splits the arguments into words that may contain quoted whitespace, as
 * BuildKit's `parseWords` does for `ARG`. Quotes and escape characters stay
 * in the words until expansion removes them.
 */
export function splitShellWords(line: LogicalLine, start: number, end: number, escape: string): Word[] {
  const words: Word[] = [];
  let position = start;
  while (position < end) {
    while (position < end && isSpace(line.text[position]!)) position++;
    if (position >= end) break;

    const wordStart = position;
    let quote: string | undefined;
    while (position < end) {
      const character = line.text[position]!;
      if (quote === undefined && isSpace(character)) break;
      if (quote === undefined && (character === '"' || character === "'")) {
        quote = character;
      } else if (quote !== undefined && character === quote) {
        quote = undefined;
      } else if (character === escape && quote !== "'" && position + 1 < end) {
        // The escape character keeps the next character in the word, even a quote or a space.
        position++;
      }
      position++;
    }
    words.push(rawWord(line, wordStart, position));
  }
  return words;
}

/** The fields of a `--mount` value with quotes removed, or why the value is not valid CSV. */
export type MountFields = { fields: Word[] } | { error: string };

/**
 * Splits a `--mount` value into its comma-separated fields with CSV quoting
 * (a field that starts with `"` is quoted and `""` inside it is a quote), as
 * BuildKit does with `csvvalue.Fields`.
 */
export function splitMountFields(value: Word): MountFields {
  const fields: Word[] = [];
  const text = value.value;
  if (text === '') return { error: 'empty value' };

  let position = 0;
  for (;;) {
    if (text[position] !== '"') {
      const comma = text.indexOf(',', position);
      const fieldEnd = comma === -1 ? text.length : comma;
      if (text.slice(position, fieldEnd).includes('"')) return { error: 'bare " in an unquoted field' };
      fields.push(sliceWord(value, position, fieldEnd));
      if (comma === -1) return { fields };
      position = comma + 1;
      continue;
    }

    const field: Word = { value: '', offsets: [], start: value.offsets[position]!, end: 0 };
    position++;
    for (;;) {
      const quote = text.indexOf('"', position);
      if (quote === -1) return { error: 'unterminated quoted field' };
      appendRange(field, value, position, quote);
      position = quote + 1;
      if (text[position] === '"') {
        appendRange(field, value, position, position + 1);
        position++;
        continue;
      }
      field.end = value.offsets[quote]! + 1;
      break;
    }
    fields.push(field);

    if (position === text.length) return { fields };
    if (text[position] !== ',') return { error: 'unexpected " in a quoted field' };
    position++;
  }
}

/** Returns the part of a word between two indexes of its value. */
export function sliceWord(word: Word, from: number, to: number): Word {
  const offsets = word.offsets.slice(from, to);
  const start = offsets[0] ?? (from > 0 ? word.offsets[from - 1]! + 1 : word.start);
  const last = offsets[offsets.length - 1];
  return { value: word.value.slice(from, to), offsets, start, end: last === undefined ? start : last + 1 };
}

function isCommentLine(content: string): boolean {
  return content.trimStart().startsWith('#');
}

/**
 * Returns the index of the escape character that continues the line, or
 * `undefined`. As in BuildKit, the escape character continues the line when
 * only spaces and tabs follow it and it is not itself escaped.
 */
function continuationIndex(content: string, escape: string): number | undefined {
  let last = content.length - 1;
  while (last >= 0 && (content[last] === ' ' || content[last] === '\t')) last--;
  if (last < 0 || content[last] !== escape) return undefined;
  if (last > 0 && content[last - 1] === escape) return undefined;
  return last;
}

/**
 * Extracts the leading `--` words as BuildKit's `extractBuilderFlags` does:
 * quotes are removed and the escape character escapes the next character.
 * A lone `--` ends the flags and is dropped.
 */
function extractFlags(line: LogicalLine, start: number, end: number, escape: string): { flags: Word[]; rest: number } {
  const flags: Word[] = [];
  let position = start;

  for (;;) {
    while (position < end && isSpace(line.text[position]!)) position++;
    if (position >= end || line.text[position] !== '-' || line.text[position + 1] !== '-') return { flags, rest: position };

    const word: Word = { value: '', offsets: [], start: line.offsets[position]!, end: 0 };
    let quote: string | undefined;
    let quoted = false;
    while (position < end) {
      let character = line.text[position]!;
      if (quote === undefined && isSpace(character)) break;
      if (quote === undefined && (character === '"' || character === "'")) {
        quote = character;
        quoted = true;
        position++;
        continue;
      }
      if (quote !== undefined && character === quote) {
        quote = undefined;
        position++;
        continue;
      }
      if (character === escape) {
        if (position + 1 >= end) {
          position++;
          continue;
        }
        position++;
        character = line.text[position]!;
      }
      word.value += character;
      word.offsets.push(line.offsets[position]!);
      position++;
    }
    word.end = line.offsets[position - 1]! + 1;

    if (word.value === '--') return { flags, rest: position };
    if (quoted || word.value !== '') flags.push(word);
  }
}

function rawWord(line: LogicalLine, from: number, to: number): Word {
  const offsets = line.offsets.slice(from, to);
  const start = offsets[0] ?? (from > 0 ? line.offsets[from - 1]! + 1 : 0);
  const last = offsets[offsets.length - 1];
  return { value: line.text.slice(from, to), offsets, start, end: last === undefined ? start : last + 1 };
}

function appendRange(target: Word, source: Word, from: number, to: number): void {
  target.value += source.value.slice(from, to);
  target.offsets.push(...source.offsets.slice(from, to));
}
