/**
 * Shell-style word processing as BuildKit's `frontend/dockerfile/shell`
 * lexer does it for one word (`ProcessWordWithMatches`): quotes, the escape
 * character and variable substitution with `$NAME`, `${NAME}`,
 * `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`,
 * `${NAME:?word}`, `${NAME?word}`, `${NAME#pattern}`, `${NAME##pattern}`,
 * `${NAME%pattern}`, `${NAME%%pattern}`, `${NAME/pattern/replacement}` and
 * `${NAME//pattern/replacement}`.
 */

/** Returns the value of a variable, or `undefined` when it is not set. */
export type VariableLookup = (name: string) => string | undefined;

export type WordExpansion =
  /** `missing` lists the unset variables whose value the result depends on. */
  | { ok: true; value: string; missing: string[] }
  | { ok: false; error: string; missing: string[] };

/**
 * Expands `word` against `lookup`. An unset variable expands to an empty
 * string, as in BuildKit, and is listed in `missing` when its value was used:
 * `${NAME:-word}` and `${NAME:+word}` do not use the value of an unset NAME.
 */
export function expandWord(word: string, escape: string, lookup: VariableLookup): WordExpansion {
  const lexer = new WordLexer(word, escape, lookup);
  try {
    const value = lexer.processUntil(undefined, false);
    return { ok: true, value, missing: unique(lexer.missing) };
  } catch (error) {
    if (!(error instanceof ExpansionError)) throw error;
    return { ok: false, error: error.message, missing: unique(lexer.missing) };
  }
}

/**
 * Removes quotes and escape characters from `word` as BuildKit would, but
 * keeps every variable reference as written. Returns `word` unchanged when
 * it is malformed, such as an unterminated quote.
 */
export function removeQuotes(word: string, escape: string): string {
  const lexer = new WordLexer(word, escape, undefined);
  try {
    return lexer.processUntil(undefined, false);
  } catch (error) {
    if (!(error instanceof ExpansionError)) throw error;
    return word;
  }
}

class ExpansionError extends Error {}

/** Characters that name a POSIX special parameter after `$`. */
const specialParameters = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

class WordLexer {
  readonly missing: string[] = [];
  #position = 0;

  /** With no `lookup`, variable references are copied as written. */
  constructor(
    readonly source: string,
    readonly escape: string,
    readonly lookup: VariableLookup | undefined,
  ) {}

  /**
   * Processes characters until `stop` (consumed) or the end of the word.
   * With `rawEscapes`, escape characters stay in the output, as BuildKit keeps
   * them in the patterns of `#`, `%` and `/`.
   */
  processUntil(stop: string | undefined, rawEscapes: boolean): string {
    let result = '';
    while (this.#peek() !== undefined) {
      const character = this.#peek()!;
      if (stop !== undefined && character === stop) {
        this.#position++;
        return result;
      }
      if (character === '$') {
        result += this.#processDollar();
      } else if (character === "'") {
        result += this.#processSingleQuote();
      } else if (character === '"') {
        result += this.#processDoubleQuote(rawEscapes);
      } else {
        this.#position++;
        if (character === this.escape) {
          if (rawEscapes) result += character;
          const escaped = this.#next();
          if (escaped === undefined) break;
          result += escaped;
        } else {
          result += character;
        }
      }
    }
    if (stop !== undefined) throw new ExpansionError(`missing closing ${stop}`);
    return result;
  }

  #peek(): string | undefined {
    return this.source[this.#position];
  }

  #next(): string | undefined {
    const character = this.source[this.#position];
    if (character !== undefined) this.#position++;
    return character;
  }

  #processSingleQuote(): string {
    this.#position++;
    let result = '';
    for (;;) {
      const character = this.#next();
      if (character === undefined) throw new ExpansionError("missing closing '");
      if (character === "'") return result;
      result += character;
    }
  }

  /** Inside double quotes the escape character only escapes `"`, `$` and itself. */
  #processDoubleQuote(rawEscapes: boolean): string {
    this.#position++;
    let result = '';
    for (;;) {
      const character = this.#peek();
      if (character === undefined) throw new ExpansionError('missing closing "');
      if (character === '"') {
        this.#position++;
        return result;
      }
      if (character === '$') {
        result += this.#processDollar();
        continue;
      }

      this.#position++;
      let output = character;
      if (character === this.escape) {
        if (rawEscapes) result += character;
        const following = this.#peek();
        if (following === undefined) continue;
        if (following === '"' || following === '$' || following === this.escape) output = this.#next()!;
      }
      result += output;
    }
  }

  /** Expands a `$` reference, or with no lookup returns it as written. */
  #processDollar(): string {
    const start = this.#position;
    const value = this.#expandDollar();
    return this.lookup === undefined ? this.source.slice(start, this.#position) : value;
  }

  #expandDollar(): string {
    this.#position++;

    if (this.#peek() !== '{') {
      const name = this.#processName();
      if (name === '') return '$';
      return this.#valueOf(name);
    }

    this.#position++;
    const first = this.#peek();
    if (first === undefined) throw new ExpansionError('missing closing } in ${...}');
    if (first === '{' || first === '}' || first === ':') throw new ExpansionError('invalid variable name in ${...}');

    const name = this.#processName();
    let modifier = this.#next();
    if (modifier === '}') return this.#valueOf(name);
    if (modifier === '/') return this.#expandReplacement(name);

    // A `:` before `-`, `+` or `?` makes an empty value count as unset.
    let emptyIsUnset = false;
    let written = modifier ?? '';
    if (modifier === ':') {
      emptyIsUnset = true;
      modifier = this.#next();
      written += modifier ?? '';
    }
    if (modifier === undefined || !'+-?#%'.includes(modifier)) {
      if (modifier === undefined) throw new ExpansionError('missing closing } in ${...}');
      throw new ExpansionError(`unsupported modifier "${written}" in \${${name}${written}...}`);
    }
    const patternModifier = modifier === '#' || modifier === '%';
    if (emptyIsUnset && patternModifier) {
      throw new ExpansionError(`unsupported modifier "${written}" in \${${name}${written}...}`);
    }

    const missingBefore = this.missing.length;
    let word = this.#processNested('}', patternModifier, 'missing closing } in ${...}');
    if (this.lookup === undefined) return '';

    const value = this.lookup(name);
    const unset = value === undefined || (emptyIsUnset && value === '');
    // Variables in `word` count as missing only when `word` is used.
    const dropWordMissing = (): void => {
      this.missing.length = missingBefore;
    };

    switch (modifier) {
      case '-':
        if (unset) return word;
        dropWordMissing();
        return value;
      case '+':
        if (!unset) return word;
        dropWordMissing();
        return '';
      case '?':
        dropWordMissing();
        if (value === undefined) {
          this.missing.push(name);
          throw new ExpansionError(`${name}: ${word === '' ? 'must be set' : word}`);
        }
        if (unset) throw new ExpansionError(`${name}: ${word === '' ? 'must not be empty' : word}`);
        return value;
      default: {
        // `#` and `%` remove the shortest matching prefix or suffix, `##` and `%%` the longest.
        const subject = this.#valueOf(name);
        const greedy = word.startsWith(modifier);
        if (greedy) word = word.slice(1);
        return modifier === '#' ? trimPrefix(word, subject, greedy) : trimSuffix(word, subject, greedy);
      }
    }
  }

  #expandReplacement(name: string): string {
    const replaceAll = this.#peek() === '/';
    if (replaceAll) this.#position++;

    const pattern = this.#processNested('/', true, 'missing / after the pattern in ${.../...}');
    const replacement = this.#processNested('}', true, 'missing closing } in ${...}');
    if (this.lookup === undefined) return '';

    const subject = this.#valueOf(name);

    const expression = shellPatternToRegExp(pattern, true, false, replaceAll);
    // NOTE: the replacement is inserted literally. For `//`, BuildKit uses Go's
    // ReplaceAllString, which would also expand `$1`-style references in it.
    return subject.replace(expression, () => replacement);
  }

  #processNested(stop: string, rawEscapes: boolean, endOfWordMessage: string): string {
    try {
      return this.processUntil(stop, rawEscapes);
    } catch (error) {
      if (error instanceof ExpansionError && this.#peek() === undefined) throw new ExpansionError(endOfWordMessage);
      throw error;
    }
  }

  /**
   * Reads a variable name: a run of digits, one special parameter character,
   * or letters, digits and underscores.
   */
  #processName(): string {
    const first = this.#peek();
    if (first === undefined) return '';
    if (/^[0-9]$/.test(first)) {
      const digits = /^[0-9]+/.exec(this.source.slice(this.#position))![0];
      this.#position += digits.length;
      return digits;
    }
    if (specialParameters.has(first)) {
      this.#position++;
      return first;
    }

    const start = this.#position;
    while (this.#peek() !== undefined && /^[\p{L}\p{Nd}_]$/u.test(this.#peek()!)) this.#position++;
    return this.source.slice(start, this.#position);
  }

  #valueOf(name: string): string {
    const value = this.lookup?.(name);
    if (value !== undefined) return value;
    this.missing.push(name);
    return '';
  }
}

/**
 * Converts a shell pattern (`*` any string, `?` one character, `\` escapes
 * `*`, `?` and `\`) to a regular expression. Bracket expressions are not
 * supported, as in BuildKit.
 */
function shellPatternToRegExp(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  let source = anchored ? '^' : '';
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i]!;
    if (character === '*') {
      source += greedy ? '.*' : '.*?';
    } else if (character === '?') {
      source += '.';
    } else if (character === '\\') {
      const following = pattern[i + 1];
      // `}` and `/` are escaped only to end the `${}` form; the escape is not part of the pattern.
      if (following === '}' || following === '/') continue;
      if (following !== '*' && following !== '?' && following !== '\\') {
        throw new ExpansionError(`invalid pattern "${pattern}": \\ escapes only *, ? and \\`);
      }
      source += `\\${following}`;
      i++;
    } else if ('[]{}.+()|^$'.includes(character)) {
      source += `\\${character}`;
    } else {
      source += character;
    }
  }
  return new RegExp(source, global ? 'gu' : 'u');
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const match = shellPatternToRegExp(pattern, greedy, true).exec(value);
  return match === null ? value : value.slice(match[0].length);
}

/** Removes a matching suffix by matching the reversed pattern against the reversed value. */
function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  const reversed = trimPrefix(reversePattern(pattern), reverseString(value), greedy);
  return reverseString(reversed);
}

/** Reverses a pattern but keeps each `\x` escape pair in order. */
function reversePattern(pattern: string): string {
  const tokens: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\' && i + 1 < pattern.length) {
      tokens.push(pattern.slice(i, i + 2));
      i++;
    } else {
      tokens.push(pattern[i]!);
    }
  }
  return tokens.reverse().join('');
}

function reverseString(text: string): string {
  return Array.from(text).reverse().join('');
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
