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
  /** Index into the logical line where the flags start, after the keyword and its white space. */
  flagsStart: number;
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

/** Returns whether a character is white space of BuildKit's `reWhitespace`, which splits the keyword and `FROM` arguments. */
export function isSeparator(character: string): boolean {
  return character === ' ' || character === '\t' || character === '\v' || character === '\f' || character === '\r';
}

/** White space of Go's `unicode.IsSpace` outside ASCII. */
const nonAsciiSpace = /^[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** Returns whether a character is white space by Go's `unicode.IsSpace`, which BuildKit's word splitters use. */
export function isSpace(character: string): boolean {
  // ASCII, nearly every character of a Dockerfile, is decided without the regular expression.
  const code = character.charCodeAt(0);
  if (code < 0x80) return character.length === 1 && (code === 0x20 || (code >= 0x09 && code <= 0x0d));
  return nonAsciiSpace.test(character);
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
  while (position < line.text.length && !isSeparator(line.text[position]!)) position++;
  const keyword = rawWord(line, keywordStart, position);
  while (position < line.text.length && isSeparator(line.text[position]!)) position++;

  let argumentsEnd = line.text.length;
  while (argumentsEnd > position && isSpace(line.text[argumentsEnd - 1]!)) argumentsEnd--;
  const end = argumentsEnd > position ? line.offsets[argumentsEnd - 1]! + 1 : keyword.end;

  const flagsStart = position;
  const { flags, rest } = extractFlags(line, position, argumentsEnd, escape);
  let argumentsStart = rest;
  while (argumentsStart < argumentsEnd && isSpace(line.text[argumentsStart]!)) argumentsStart++;
  return { keyword, flagsStart, flags, argumentsStart, argumentsEnd, end };
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
    while (position < end && isSeparator(line.text[position]!)) position++;
    const wordStart = position;
    while (position < end && !isSeparator(line.text[position]!)) position++;
    if (position > wordStart) words.push(rawWord(line, wordStart, position));
  }
  return words;
}

/**
 * Splits the arguments into words that may contain quoted whitespace, as
 * BuildKit's `parseWords` does for `ARG`, `ENV` and `LABEL`. Quotes and
 * escape characters stay in the words until expansion removes them, except
 * an escape character at the very end, which is dropped.
 */
export function splitShellWords(line: LogicalLine, start: number, end: number, escape: string): Word[] {
  const words: Word[] = [];
  let word: Word | undefined;
  let quote: string | undefined;

  const append = (index: number): void => {
    word!.value += line.text[index];
    word!.offsets.push(line.offsets[index]!);
  };
  const finish = (): void => {
    if (word !== undefined && word.offsets.length > 0) {
      word.start = word.offsets[0]!;
      word.end = word.offsets[word.offsets.length - 1]! + 1;
      words.push(word);
    }
    word = undefined;
  };

  for (let position = start; position < end; position++) {
    const character = line.text[position]!;
    if (word === undefined) {
      if (isSpace(character)) continue;
      word = { value: '', offsets: [], start: 0, end: 0 };
    }

    if (quote === undefined) {
      if (isSpace(character)) {
        finish();
        continue;
      }
      if (character === '"' || character === "'") quote = character;
      if (character === escape) {
        if (position + 1 === end) continue;
        // The escape character keeps the next character in the word, even a quote or a space.
        append(position);
        position++;
      }
      append(position);
      continue;
    }

    if (character === quote) {
      quote = undefined;
    } else if (character === escape && quote !== "'") {
      if (position + 1 === end) continue;
      append(position);
      position++;
    }
    append(position);
  }
  finish();
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
