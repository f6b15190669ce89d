/**
 * Splitting of a Dockerfile into instructions as BuildKit's parser reads its
 * lines (`Parse` in `frontend/dockerfile/parser`, dockerfile frontend 1.26):
 * parser directives at the top, comment and blank lines, line continuations
 * with the escape character, and heredoc bodies after the instruction line.
 */

import { findHeredocWords, HeredocError, type HeredocWord } from './heredoc.js';
import { isSpace, type LogicalLine } from './instruction-text.js';

/** A heredoc word of an instruction with the body read from the lines after it. */
export interface ScannedHeredoc extends HeredocWord {
  body: string;
  /** Source offset of the first body line. */
  bodyStart: number;
  /** Source offset just past the last body line's text, line ending excluded. */
  bodyEnd: number;
}

export interface ScannedInstruction {
  line: LogicalLine;
  /** Source offset of the instruction's first character. */
  start: number;
  /** `start` and `end` of each heredoc are indexes into `line.text`. */
  heredocs: ScannedHeredoc[];
  /** Source offset just past the last heredoc delimiter, when there are heredocs. */
  heredocEnd: number | undefined;
}

export interface ScannedDirective {
  name: 'syntax' | 'escape' | 'check';
  value: string;
  /** Source offsets of the line from `#` and of the value. */
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

/** A problem that makes BuildKit's parser stop, between two source offsets. */
export interface ScanError {
  message: string;
  start: number;
  end: number;
}

export interface ScanResult {
  instructions: ScannedInstruction[];
  directives: ScannedDirective[];
  escape: string;
  errors: ScanError[];
}

/** Decides whether BuildKit reads heredocs for an instruction: `RUN`, `COPY` and `ADD` in shell form. */
export type HeredocTest = (line: LogicalLine, escape: string) => boolean;

/** One physical line: its start, the end of its text without the line ending, and the next line's start. */
interface PhysicalLine {
  start: number;
  textEnd: number;
  next: number;
}

const directiveNames = new Set(['syntax', 'escape', 'check']);

/** `NAME = value`, with Go's `\s` (ASCII white space except `\v`) around `=`. */
const directivePattern = /^([a-zA-Z][a-zA-Z0-9]*)([\t\n\f\r ]*=[\t\n\f\r ]*)(.+?)[\t\n\f\r ]*$/;

/**
 * Splits `text` into instructions. Reading goes on past every error, which
 * BuildKit would stop at, so that one mistake does not hide the rest.
 */
export function scanDockerfile(text: string, containsHeredocs: HeredocTest): ScanResult {
  const result: ScanResult = { instructions: [], directives: [], escape: '\\', errors: [] };
  const directives = new DirectiveReader(result);
  let position = text.startsWith('\uFEFF') ? 1 : 0;

  while (position < text.length) {
    const first = physicalLine(text, position);
    position = first.next;

    let start = first.start;
    while (start < first.textEnd && isSpace(text[start]!)) start++;
    const content = text.slice(start, first.textEnd);
    directives.read(content, start);
    if (content.startsWith('#')) continue;

    const line: LogicalLine = { text: '', offsets: [] };
    let continues = appendContent(line, content, start, result.escape);
    if (!continues && content === '') continue;

    // Comment lines and blank lines inside a continuation are skipped; the
    // leading white space of the other lines is kept.
    while (continues && position < text.length) {
      const next = physicalLine(text, position);
      position = next.next;
      const nextContent = text.slice(next.start, next.textEnd);
      if (nextContent.trimStart().startsWith('#') || isBlank(nextContent)) continue;
      continues = appendContent(line, nextContent, next.start, result.escape);
    }

    const instruction: ScannedInstruction = { line, start, heredocs: [], heredocEnd: undefined };
    result.instructions.push(instruction);
    if (!line.text.includes('<<') || !containsHeredocs(line, result.escape)) continue;

    let words: HeredocWord[];
    try {
      words = findHeredocWords(line.text);
    } catch (error) {
      if (!(error instanceof HeredocError)) throw error;
      result.errors.push({ message: `Invalid heredoc: ${error.message}`, start, end: lineEnd(line, start) });
      continue;
    }

    for (const word of words) {
      const body = readHeredocBody(text, position, word);
      if (body === undefined) {
        const end = line.offsets[word.end - 1]! + 1;
        result.errors.push({ message: `Unterminated heredoc: no line "${word.name}" ends it`, start: line.offsets[word.start]!, end });
        return result;
      }
      instruction.heredocs.push({ ...word, body: body.text, bodyStart: position, bodyEnd: body.bodyEnd });
      instruction.heredocEnd = body.delimiterEnd;
      position = body.next;
    }
  }
  return result;
}

/**
 * Reads parser directives the way BuildKit's `DirectiveParser` does: only
 * from the first lines, and only until a line that is not a `# name=value`
 * comment with a known name. A blank line ends them too.
 */
class DirectiveReader {
  readonly #result: ScanResult;
  #done = false;

  constructor(result: ScanResult) {
    this.#result = result;
  }

  /** Reads one line's text, with leading white space removed, that starts at `start`. */
  read(content: string, start: number): void {
    if (this.#done) return;
    if (!content.startsWith('#')) {
      this.#done = true;
      return;
    }

    let offset = 1;
    while (offset < content.length && isSpace(content[offset]!)) offset++;
    const match = directivePattern.exec(content.slice(offset));
    const name = match?.[1]?.toLowerCase();
    if (match === null || name === undefined || !directiveNames.has(name)) {
      this.#done = true;
      return;
    }

    const valueStart = start + offset + match[1]!.length + match[2]!.length;
    const value = match[3]!;
    const directive: ScannedDirective = {
      name: name as ScannedDirective['name'],
      value,
      start,
      end: start + content.length,
      valueStart,
      valueEnd: valueStart + value.length,
    };

    if (this.#result.directives.some((each) => each.name === directive.name)) {
      this.#error(`Only one ${name} parser directive can be used`, directive);
      return;
    }
    this.#result.directives.push(directive);

    if (name === 'escape') {
      if (value === '`' || value === '\\') this.#result.escape = value;
      else this.#error(`Invalid escape character "${value}": the escape directive accepts only \` or \\`, directive);
    }
  }

  #error(message: string, directive: ScannedDirective): void {
    this.#result.errors.push({ message, start: directive.valueStart, end: directive.valueEnd });
  }
}

function physicalLine(text: string, start: number): PhysicalLine {
  const newline = text.indexOf('\n', start);
  const next = newline === -1 ? text.length : newline + 1;
  // BuildKit removes every trailing `\r` and `\n`, not just one line ending.
  let textEnd = next;
  while (textEnd > start && (text[textEnd - 1] === '\n' || text[textEnd - 1] === '\r')) textEnd--;
  return { start, textEnd, next };
}

/**
 * Appends one line's text to the logical line and returns whether the line
 * continues. As in BuildKit, the escape character continues the line when
 * only spaces and tabs follow it and another escape character does not come
 * right before it, so `\\` at the end of a line ends the instruction.
 */
function appendContent(line: LogicalLine, content: string, start: number, escape: string): boolean {
  let last = content.length - 1;
  while (last >= 0 && (content[last] === ' ' || content[last] === '\t')) last--;
  const continues = last >= 0 && content[last] === escape && (last === 0 || content[last - 1] !== escape);

  const kept = continues ? last : content.length;
  line.text += content.slice(0, kept);
  for (let index = 0; index < kept; index++) line.offsets.push(start + index);
  return continues;
}

function isBlank(content: string): boolean {
  for (const character of content) {
    if (!isSpace(character)) return false;
  }
  return true;
}

function lineEnd(line: LogicalLine, fallback: number): number {
  const last = line.offsets[line.offsets.length - 1];
  return last === undefined ? fallback : last + 1;
}

/**
 * Reads a heredoc body from `start` up to its delimiter line, or returns
 * `undefined` when no line matches. For `<<-`, leading tabs of a line are
 * ignored when matching the delimiter but stay in the body.
 */
function readHeredocBody(
  text: string,
  start: number,
  heredoc: HeredocWord,
): { text: string; bodyEnd: number; delimiterEnd: number; next: number } | undefined {
  let position = start;
  let bodyEnd = start;
  while (position < text.length) {
    const line = physicalLine(text, position);
    let candidate = text.slice(line.start, line.textEnd);
    if (heredoc.chomp) candidate = candidate.replace(/^\t+/, '');
    if (candidate === heredoc.name) {
      return { text: text.slice(start, line.start), bodyEnd, delimiterEnd: line.textEnd, next: line.next };
    }
    bodyEnd = line.textEnd;
    position = line.next;
  }
  return undefined;
}
