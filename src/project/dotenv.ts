import type { Finding } from '../engine/finding.js';
import { LineIndex } from '../source.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import { describeInterpolationIssue, interpolate, type VariableLookup } from './interpolate.js';
import { SpanMapping, shiftMapping, type OffsetMapping } from './offset-map.js';

export interface DotEnv {
  /** Variables in file order. */
  values: Map<string, string>;
  findings: Finding[];
}

/**
 * Parses a `.env` file with the syntax of compose-go `dotenv/parser.go`:
 *
 * - `KEY=value`, `KEY: value` and `export KEY=value`; blank lines and `#` lines are skipped;
 * - an unquoted value ends at the line end or at ` #`, and trailing space is dropped;
 * - a `"…"` value may span lines, expands `\n`, `\t` and the other C escapes, and is interpolated;
 * - a `'…'` value may span lines and is taken as written, except that `\'` is a quote;
 * - a line with a bare `KEY` copies KEY from `lookup` when it is set there.
 *
 * Unquoted and double-quoted values are interpolated with `lookup` first and
 * then the keys set earlier in the file. Problems become findings; parsing
 * stops at an unterminated quote.
 */
export function parseDotEnv(file: string, text: string, lookup: VariableLookup): DotEnv {
  return new DotEnvParser(file, text, lookup).parse();
}

class DotEnvParser {
  readonly #values = new Map<string, string>();
  readonly #findings: Finding[] = [];
  readonly #lines: LineIndex;
  #position = 0;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly lookup: VariableLookup,
  ) {
    this.#lines = new LineIndex(text);
  }

  parse(): DotEnv {
    if (this.text.startsWith('\uFEFF')) this.#position = 1;

    while (this.#skipBlankAndComments()) {
      if (!this.#parseStatement()) break;
    }
    return { values: this.#values, findings: this.#findings };
  }

  /** Moves to the next statement and returns false at the end of the file. */
  #skipBlankAndComments(): boolean {
    const text = this.text;
    while (this.#position < text.length) {
      const character = text[this.#position]!;
      if (/\s/u.test(character)) {
        this.#position++;
      } else if (character === '#') {
        this.#position = this.#lineEnd(this.#position);
      } else {
        return true;
      }
    }
    return false;
  }

  /** Parses one `KEY=value` statement and returns false when parsing cannot go on. */
  #parseStatement(): boolean {
    const text = this.text;
    const exportPrefix = /export[ \t]+/y;
    exportPrefix.lastIndex = this.#position;
    if (exportPrefix.test(text)) this.#position = exportPrefix.lastIndex;

    const keyStart = this.#position;
    let separator = keyStart;
    while (separator < text.length && !'=:\n'.includes(text[separator]!)) {
      const character = text[separator]!;
      if (!isInlineSpace(character) && !isKeyCharacter(character)) {
        const line = text.slice(keyStart, this.#lineEnd(keyStart));
        this.#report(`unexpected character ${JSON.stringify(character)} in variable name ${JSON.stringify(line)}`, separator, separator + 1);
        this.#position = this.#lineEnd(separator);
        return true;
      }
      separator++;
    }

    const key = text.slice(keyStart, separator).replace(/\s+$/u, '');
    if (key.includes(' ')) {
      this.#report(`variable name ${JSON.stringify(key)} must not contain a space`, keyStart, keyStart + key.length);
      this.#position = this.#lineEnd(separator);
      return true;
    }

    // A bare `KEY` line, or a last line without `=`, passes KEY through from the environment.
    if (separator >= text.length || text[separator] === '\n') {
      const inherited = this.#lookupVariable(key);
      if (key !== '' && inherited !== undefined) this.#values.set(key, inherited);
      this.#position = separator + 1;
      return true;
    }

    let valueStart = separator + 1;
    while (valueStart < text.length && isInlineSpace(text[valueStart]!)) valueStart++;
    const quote = text[valueStart];
    const value = quote === '"' || quote === "'" ? this.#readQuoted(key, valueStart) : this.#readUnquoted(key, valueStart);
    if (value === undefined) return false;

    if (key !== '') this.#values.set(key, value);
    return true;
  }

  #readUnquoted(key: string, valueStart: number): string {
    const lineEnd = this.#lineEnd(valueStart);
    let raw = this.text.slice(valueStart, lineEnd);
    const comment = raw.indexOf(' #');
    if (comment >= 0) raw = raw.slice(0, comment);
    raw = raw.replace(/\s+$/u, '');

    this.#position = lineEnd;
    return this.#interpolate(key, raw, shiftMapping(raw.length, valueStart));
  }

  /** Reads a quoted value from its opening quote. Returns `undefined` when the quote is not closed. */
  #readQuoted(key: string, quoteStart: number): string | undefined {
    const text = this.text;
    const quote = text[quoteStart]!;
    let value = '';
    let escaped = false;

    for (let index = quoteStart + 1; index < text.length; index++) {
      const character = text[index]!;
      if (character !== quote) {
        if (character === '\\' && !escaped) {
          escaped = true;
          continue;
        }
        // A backslash before anything but the quote stays for the escape expansion below.
        if (escaped) value += '\\';
        escaped = false;
        value += character;
        continue;
      }
      if (escaped) {
        escaped = false;
        value += character;
        continue;
      }

      this.#position = index + 1;
      if (quote === "'") return value;

      const rawContent = text.slice(quoteStart + 1, index);
      const mapping = rawContent.includes('\\')
        ? new SpanMapping(quoteStart, index + 1)
        : shiftMapping(value.length, quoteStart + 1);
      return this.#interpolate(key, expandEscapes(value), mapping);
    }

    const lineEnd = this.#lineEnd(quoteStart);
    this.#report(`unterminated quoted value ${text.slice(quoteStart, lineEnd)}`, quoteStart, lineEnd);
    return undefined;
  }

  #interpolate(key: string, template: string, mapping: OffsetMapping): string {
    const interpolation = interpolate(template, (name) => this.#lookupVariable(name));
    for (const issue of interpolation.issues) {
      const severity = issue.kind === 'unset' ? 'warning' : 'error';
      const range = this.#lines.range(this.file, mapping.startOf(issue.start), mapping.endOf(issue.end));
      const message = describeInterpolationIssue(issue, key);
      this.#findings.push(createFinding(loaderRuleIds.interpolation, severity, message, range));
    }
    return interpolation.value;
  }

  #lookupVariable(name: string): string | undefined {
    return this.lookup(name) ?? this.#values.get(name);
  }

  #lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    return newline < 0 ? this.text.length : newline;
  }

  #report(message: string, start: number, end: number): void {
    const range = this.#lines.range(this.file, start, end);
    this.#findings.push(createFinding(loaderRuleIds.envFile, 'error', message, range));
  }
}

/** Space that may surround a key or a value on its line, as compose-go's `isSpace`. */
function isInlineSpace(character: string): boolean {
  return '\t\v\f\r \u0085\u00a0'.includes(character);
}

function isKeyCharacter(character: string): boolean {
  return /[\p{L}\p{N}_.\-[\]]/u.test(character);
}

const escapeNames: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
  // `$$` survives interpolation as a literal `$`.
  $: '$$',
};

/**
 * Expands the escapes of a double-quoted value: the C escapes, `\"`, `\\`,
 * `\$` and octal `\0ooo`. Any other backslash stays as written.
 */
function expandEscapes(value: string): string {
  return value.replace(/\\(?:([abcfnrtv$"\\])|0(\d{0,3}))/g, (match, name: string | undefined, octal: string | undefined) => {
    if (name !== undefined) return escapeNames[name] ?? match;
    if (octal !== undefined && /^[0-7]{3}$/.test(octal) && Number.parseInt(octal, 8) <= 0xff) {
      return String.fromCharCode(Number.parseInt(octal, 8));
    }
    return match;
  });
}
