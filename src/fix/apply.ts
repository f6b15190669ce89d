import type { FileChange, Finding, Fix, TextEdit } from '../engine/finding.js';

/** The fixes chosen for one pass, and the new text of each file they change. */
export interface FixPass {
  applied: Fix[];
  /** New text by absolute file path. */
  texts: Map<string, string>;
  /** Files the chosen fixes create, with their text, by absolute path. */
  created: Map<string, string>;
  /** Files the chosen fixes delete, by absolute path. */
  deleted: Map<string, Extract<FileChange, { kind: 'delete' }>>;
}

/**
 * Chooses the fixes to apply in one pass and splices their edits into the
 * original texts. A fix whose edits overlap an edit already chosen waits for
 * the next pass, when the findings are computed again on the new text, so
 * every edit applies to the text its range was computed on. A fix that
 * repeats the same edits as a chosen one, such as two findings that ask for
 * the same context entry, is applied once. A fix that creates or deletes a
 * file waits likewise when another chosen fix touches that file, and a fix
 * that would create a file that exists is not applied.
 */
export function chooseFixes(
  findings: Finding[],
  readText: (file: string) => string | undefined,
  accept: (fix: Fix) => boolean,
): FixPass {
  const editsByFile = new Map<string, TextEdit[]>();
  const applied: Fix[] = [];
  const seen = new Set<string>();
  const created = new Map<string, string>();
  const deleted: FixPass['deleted'] = new Map();

  for (const finding of findings) {
    const fix = finding.fixes?.find(accept);
    if (fix === undefined) continue;

    const changes = fix.files ?? [];
    const key = JSON.stringify([
      fix.edits.map((edit) => [edit.range.file, edit.range.start.offset, edit.range.end.offset, edit.newText]),
      changes.map((change) => [change.kind, change.file]),
    ]);
    if (seen.has(key)) continue;
    if (fix.edits.some((edit) => overlapsAny(edit, editsByFile.get(edit.range.file) ?? []))) continue;
    if (fix.edits.some((edit) => created.has(edit.range.file) || deleted.has(edit.range.file))) continue;

    const touched = (file: string): boolean => editsByFile.has(file) || created.has(file) || deleted.has(file);
    if (changes.some((change) => touched(change.file) || (change.kind === 'create' && readText(change.file) !== undefined))) continue;

    seen.add(key);
    applied.push(fix);
    for (const edit of fix.edits) {
      const list = editsByFile.get(edit.range.file) ?? [];
      list.push(edit);
      editsByFile.set(edit.range.file, list);
    }
    for (const change of changes) {
      if (change.kind === 'create') created.set(change.file, change.text);
      else deleted.set(change.file, change);
    }
  }

  const texts = new Map<string, string>();
  for (const [file, edits] of editsByFile) {
    const text = readText(file);
    if (text !== undefined) texts.set(file, applyEdits(text, edits));
  }
  return { applied, texts, created, deleted };
}

/** Applies non-overlapping edits to a text, from the last to the first. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset || b.range.end.offset - a.range.end.offset);
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, edit.range.start.offset) + edit.newText + result.slice(edit.range.end.offset);
  }
  return result;
}

/**
 * Two edits conflict when their ranges overlap, or when both insert at the
 * same offset, because their order would then be arbitrary.
 */
function overlapsAny(edit: TextEdit, others: TextEdit[]): boolean {
  const { start, end } = edit.range;
  return others.some((other) => {
    const otherStart = other.range.start.offset;
    const otherEnd = other.range.end.offset;
    if (start.offset === end.offset && otherStart === otherEnd) return start.offset === otherStart;
    return (start.offset < otherEnd && otherStart < end.offset) || (start.offset === otherStart && end.offset === otherEnd);
  });
}
