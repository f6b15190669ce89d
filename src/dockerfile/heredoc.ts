/**
 * Heredoc detection as BuildKit's parser does it (`heredocsFromLine` and
 * `ParseHeredoc` in `frontend/dockerfile/parser`, dockerfile frontend 1.26).
 * BuildKit splits the whole instruction line into shell words with its shell
 * lexer, keeping quotes and escape characters, and takes every word of the
 * form `[n]<<[-]NAME` as a heredoc. The lexer is ported here for the one
 * configuration the parser uses: the escape character is always the
 * backslash, and no variable is set, so every `$` reference stays as written.
 */

import { isSpace } from './instruction-text.js';

/** A word of the line and where it was written. */
export interface LexedWord {
  value: string;
  /** Index into the lexed text of the word's first character. */
  start: number;
  /** Index into the lexed text just past the word's last character. */
  end: number;
}

/** A heredoc word of an instruction line, before its body is read. */
export interface HeredocWord {
  name: string;
  expand: boolean;
  chomp: boolean;
  fileDescriptor: number;
  start: number;
  end: number;
}

/** A line that BuildKit rejects while it looks for heredocs. */
export class HeredocError extends Error {}

const heredocPattern = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

/**
 * Returns the heredoc words of an instruction line, in order. A line the
 * shell lexer cannot split, such as one with an unterminated quote, has none,
 * as in BuildKit. Throws `HeredocError` for a heredoc word BuildKit rejects.
 */
export function findHeredocWords(line: string): HeredocWord[] {
  const words = new ShellLexer(line, { rawQuotes: true, rawEscapes: true }).splitWords();
  if (words === undefined) return [];

  const heredocs: HeredocWord[] = [];
  for (const word of words) {
    const heredoc = parseHeredocWord(word.value);
    if (heredoc !== undefined) heredocs.push({ ...heredoc, start: word.start, end: word.end });
  }
  return heredocs;
}

/**
 * Reads one word as a heredoc (`<<EOF`, `<<-"EOF"`, `3<< EOF`), or returns
 * `undefined` when it is not one. Throws `HeredocError` when BuildKit would
 * reject the word.
 */
export function parseHeredocWord(word: string): Omit<HeredocWord, 'start' | 'end'> | undefined {
  const match = heredocPattern.exec(word);
  if (match === null) return undefined;

  const rest = match[3]!;
  if (rest === '') return undefined;

  // The delimiter is lexed twice, with and without quotes: a quote in any part
  // of it turns off expansion in the body.
  const unquoted = new ShellLexer(rest, { rawQuotes: false, rawEscapes: false }).splitWords();
  if (unquoted === undefined) throw new HeredocError(`invalid heredoc delimiter "${rest}"`);
  if (unquoted.length !== 1) return undefined;

  const quoted = new ShellLexer(rest, { rawQuotes: true, rawEscapes: false }).splitWords();
  if (quoted === undefined || quoted.length !== 1) throw new HeredocError(`invalid heredoc delimiter "${rest}"`);

  const name = unquoted[0]!.value;
  return {
    name,
    expand: countQuotes(name) === countQuotes(quoted[0]!.value),
    chomp: match[2] === '-',
    fileDescriptor: match[1] === '' ? 0 : Number(match[1]),
  };
}

function countQuotes(text: string): number {
  return text.split('').filter((character) => character === "'" || character === '"').length;
}

class LexError extends Error {}

interface LexerOptions {
  /** Keep quote characters in the words. */
  rawQuotes: boolean;
  /** Keep escape characters in the words. */
  rawEscapes: boolean;
}

/** The words being collected by one level of `processStopOn`. */
interface WordList {
  words: LexedWord[];
  inWord: boolean;
}

const escapeCharacter = '\\';

/**
 * BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`) with every
 * variable unset and unset variables kept as written.
 */
class ShellLexer {
  readonly #source: string;
  readonly #rawQuotes: boolean;
  #rawEscapes: boolean;
  #position = 0;

  // The word under construction. BuildKit keeps one buffer for the lexer, and
  // a nested `${NAME:-word}` clears it, so the text before such a
  // substitution is dropped from the word. That is kept here because it
  // decides whether a word starts with `<<`.
  #buffer = '';
  #bufferStart = 0;
  #bufferEnd = 0;

  constructor(source: string, options: LexerOptions) {
    this.#source = source;
    this.#rawQuotes = options.rawQuotes;
    this.#rawEscapes = options.rawEscapes;
  }

  /** Splits the text into words, or returns `undefined` when BuildKit's lexer fails on it. */
  splitWords(): LexedWord[] | undefined {
    try {
      return this.#processUntil(undefined, this.#rawEscapes).words;
    } catch (error) {
      if (error instanceof LexError) return undefined;
      throw error;
    }
  }

  #peek(): string | undefined {
    return this.#source[this.#position];
  }

  #next(): string | undefined {
    const character = this.#source[this.#position];
    if (character !== undefined) this.#position++;
    return character;
  }

  #processUntil(stop: string | undefined, rawEscapes: boolean): { result: string; words: LexedWord[] } {
    const savedRawEscapes = this.#rawEscapes;
    this.#rawEscapes = rawEscapes;
    try {
      return this.#processWords(stop);
    } finally {
      this.#rawEscapes = savedRawEscapes;
    }
  }

  #processWords(stop: string | undefined): { result: string; words: LexedWord[] } {
    let result = '';
    this.#buffer = '';
    const list: WordList = { words: [], inWord: false };

    while (this.#peek() !== undefined) {
      const character = this.#peek()!;
      if (stop !== undefined && character === stop) {
        this.#position++;
        return { result, words: this.#finishWords(list) };
      }

      const start = this.#position;
      if (character === '$' || character === '<' || character === "'" || character === '"') {
        const text = this.#processSpecial(character);
        result += text;
        // A substitution's result is split at white space; quotes and `<<` are kept whole.
        if (character === '$') {
          for (const each of text) this.#addCharacter(list, each, start, this.#position);
        } else {
          this.#addRawText(list, text, start, this.#position);
        }
        continue;
      }

      this.#position++;
      if (character !== escapeCharacter) {
        this.#addCharacter(list, character, start, this.#position);
        result += character;
        continue;
      }

      if (this.#rawEscapes) {
        this.#addRawText(list, character, start, this.#position);
        result += character;
      }
      const escaped = this.#next();
      if (escaped === undefined) break;
      this.#addRawText(list, escaped, start, this.#position);
      result += escaped;
    }

    if (stop !== undefined) throw new LexError(`missing ${stop}`);
    return { result, words: this.#finishWords(list) };
  }

  #processSpecial(character: string): string {
    switch (character) {
      case '$':
        return this.#processDollar();
      case '<':
        return this.#processPossibleHeredoc();
      case "'":
        return this.#processSingleQuote();
      default:
        return this.#processDoubleQuote();
    }
  }

  #addCharacter(list: WordList, character: string, start: number, end: number): void {
    if (!isSpace(character)) {
      this.#addRawText(list, character, start, end);
      return;
    }
    if (list.inWord && this.#buffer !== '') {
      list.words.push({ value: this.#buffer, start: this.#bufferStart, end: this.#bufferEnd });
      this.#buffer = '';
      list.inWord = false;
    }
  }

  #addRawText(list: WordList, text: string, start: number, end: number): void {
    if (this.#buffer === '') this.#bufferStart = start;
    this.#buffer += text;
    this.#bufferEnd = end;
    list.inWord = true;
  }

  #finishWords(list: WordList): LexedWord[] {
    if (this.#buffer !== '') {
      list.words.push({ value: this.#buffer, start: this.#bufferStart, end: this.#bufferEnd });
      this.#buffer = '';
      list.inWord = false;
    }
    return list.words;
  }

  #processSingleQuote(): string {
    const open = this.#next()!;
    let result = this.#rawQuotes ? open : '';
    for (;;) {
      const character = this.#next();
      if (character === undefined) throw new LexError("missing closing '");
      if (character === "'") return this.#rawQuotes ? result + character : result;
      result += character;
    }
  }

  /** Inside double quotes the escape character only escapes `"`, `$` and itself. */
  #processDoubleQuote(): string {
    const open = this.#next()!;
    let result = this.#rawQuotes ? open : '';
    for (;;) {
      const character = this.#peek();
      if (character === undefined) throw new LexError('missing closing "');
      if (character === '"') {
        this.#position++;
        return this.#rawQuotes ? result + character : result;
      }
      if (character === '$') {
        result += this.#processDollar();
        continue;
      }

      this.#position++;
      let output = character;
      if (character === escapeCharacter) {
        if (this.#rawEscapes) result += character;
        const following = this.#peek();
        if (following === undefined) continue;
        if (following === '"' || following === '$' || following === escapeCharacter) output = this.#next()!;
      }
      result += output;
    }
  }

  /** Reads a `$` reference and returns it as written, because no variable is set. */
  #processDollar(): string {
    this.#position++;
    if (this.#peek() !== '{') {
      const name = this.#processName();
      return `$${name}`;
    }

    this.#position++;
    const first = this.#peek();
    if (first === undefined || first === '{' || first === '}' || first === ':') throw new LexError('bad substitution');

    const name = this.#processName();
    let modifier = this.#next();
    if (modifier === '}') return `\${${name}}`;

    if (modifier === '/') {
      if (this.#peek() === '/') this.#position++;
      const pattern = this.#processUntil('/', true).result;
      const replacement = this.#processUntil('}', true).result;
      return `\${${name}/${pattern}/${replacement}}`;
    }

    let written = modifier ?? '';
    const emptyIsUnset = modifier === ':';
    if (emptyIsUnset) {
      // BuildKit accepts any character after `:` when the variable is unset.
      modifier = this.#next();
      written += modifier ?? '';
    } else if (modifier === undefined || !'+-?#%'.includes(modifier)) {
      throw new LexError('unsupported modifier');
    }

    const patternModifier = modifier === '#' || modifier === '%';
    if (emptyIsUnset && patternModifier) throw new LexError('unsupported modifier');
    const word = this.#processUntil('}', patternModifier).result;
    return `\${${name}${written}${word}}`;
  }

  /** Reads a name: a run of digits, one special parameter character, or letters, digits and underscores. */
  #processName(): string {
    const first = this.#peek();
    if (first === undefined) return '';
    if (/^\p{Nd}$/u.test(first)) {
      let digits = '';
      while (this.#peek() !== undefined && /^\p{Nd}$/u.test(this.#peek()!)) digits += this.#next();
      return digits;
    }
    if ('@*#?-$!0'.includes(first)) {
      this.#position++;
      return first;
    }

    let name = '';
    while (this.#peek() !== undefined && /^[\p{L}\p{Nd}_]$/u.test(this.#peek()!)) name += this.#next();
    return name;
  }

  /** Reads `<`, or `<<` with the spaces and tabs after it, which stay part of the word. */
  #processPossibleHeredoc(): string {
    this.#position++;
    if (this.#peek() !== '<') return '<';
    this.#position++;

    let result = '<<';
    while (this.#peek() === ' ' || this.#peek() === '\t' || this.#peek() === '\r') result += this.#next();
    return result;
  }
}
