import type { Finding, Fix, TextEdit } from '../../src/engine/finding.js';
import { applyEdits, chooseFixes } from '../../src/fix/apply.js';
import { lint } from '../../src/lint.js';
import { LineIndex } from '../../src/source.js';
import { MemoryHost, projectRoot } from './memory-host.js';

/** How one pass changed one file. */
export interface FileChange {
  before: string;
  after: string;
  edits: TextEdit[];
  /** Original lines, as `[start, end)` offsets without the line break, that no edit touched. */
  untouched: Array<[start: number, end: number]>;
}

/** The outcome of fixing a project in memory, pass by pass, as `lint --fix` does. */
export interface FixRun {
  /** Findings of the project as given. */
  before: Finding[];
  /** Findings after the last pass. */
  after: Finding[];
  /** File texts after the last pass. */
  files: Map<string, string>;
  /** Changes of each pass, by file. */
  passes: Array<Map<string, FileChange>>;
}

/** The bound of `lint --fix`, which stops a chain of fixes that never ends. */
const maxPasses = 10;

const isSafe = (fix: Fix): boolean => fix.safety === 'safe';

/**
 * Applies the safe fixes to a project held in memory, in passes, as the
 * `--fix` loop of the command line does, and records each pass's edits.
 */
export function runFixPasses(files: ReadonlyMap<string, string>): FixRun {
  const texts = new Map(files);
  const host = new MemoryHost(texts);
  const lintProject = (): Finding[] => lint({ path: projectRoot, fixes: 'safe' }, host).findings;

  const before = lintProject();
  let after = before;
  const passes: FixRun['passes'] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    const chosen = chooseFixes(after, (file) => texts.get(file), isSafe);
    if (chosen.texts.size === 0) break;

    const changes = new Map<string, FileChange>();
    for (const [file, text] of chosen.texts) {
      const edits = chosen.applied.flatMap((fix) => fix.edits).filter((edit) => edit.range.file === file);
      const previous = texts.get(file)!;
      changes.set(file, { before: previous, after: text, edits, untouched: findUntouchedLines(previous, edits) });
      texts.set(file, text);
    }
    passes.push(changes);
    after = lintProject();
  }
  return { before, after, files: texts, passes };
}

/** Returns the lines of `text` that none of `edits` changes, moves into another line or joins with one. */
export function findUntouchedLines(text: string, edits: readonly TextEdit[]): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (!edits.some((edit) => touchesLine(edit, start, end))) lines.push([start, end]);
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

/**
 * Checks whether an edit changes the line between `start` and `end`, the
 * offset of its line break. An insertion at the start of the line that ends
 * with a line break puts whole lines before it and leaves it unchanged.
 */
function touchesLine(edit: TextEdit, start: number, end: number): boolean {
  const from = edit.range.start.offset;
  const to = edit.range.end.offset;
  if (from < to) return from <= end && to > start;
  if (from === start) return !edit.newText.endsWith('\n');
  return from > start && from <= end;
}

/** Returns the offset that `offset` of the text before the edits has after them, for an offset no edit covers. */
export function shiftOffset(offset: number, edits: readonly TextEdit[]): number {
  let shifted = offset;
  for (const edit of edits) {
    if (edit.range.end.offset <= offset && edit.range.start.offset <= offset) {
      shifted += edit.newText.length - (edit.range.end.offset - edit.range.start.offset);
    }
  }
  return shifted;
}

/**
 * Maps each line of the text after a pass that is an untouched line of the
 * text before it to that line's number before, both 1-based.
 */
export function mapUntouchedLines(change: FileChange): Map<number, number> {
  const before = new LineIndex(change.before);
  const after = new LineIndex(change.after);
  const lines = new Map<number, number>();
  for (const [start] of change.untouched) {
    lines.set(after.position(shiftOffset(start, change.edits)).line, before.position(start).line);
  }
  return lines;
}

/** Applies the recorded edits again, to check that they produce the recorded text. */
export function replayChange(change: FileChange): string {
  return applyEdits(change.before, change.edits);
}
