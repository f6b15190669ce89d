import type { SourceRange } from '../source.js';

export type Severity = 'error' | 'warning' | 'info';

/** A replacement of the text between `range.start.offset` and `range.end.offset`. */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}

/**
 * A file that a fix creates or deletes. A created file must not exist yet;
 * a deleted file must still have `text`, the content the fix was computed
 * on. An `optional` deletion removes a file that the fix makes unused, and
 * is applied only when the user asks for it (`lint --fix --remove-old`).
 */
export type FileChange =
  | { kind: 'create'; file: string; text: string }
  | { kind: 'delete'; file: string; text: string; optional: boolean };

export interface Fix {
  title: string;
  /** Safe fixes are applied by `--fix`; unsafe ones need an explicit opt-in. */
  safety: 'safe' | 'unsafe';
  edits: TextEdit[];
  /** Files the fix creates or deletes besides its edits; absent for a fix that only edits. */
  files?: FileChange[];
}

/** Another place that explains a finding, such as the producing service's `image:`. */
export interface RelatedLocation {
  message: string;
  range: SourceRange;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: SourceRange;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export const severityOrder: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Orders findings by file, then position, then rule id, so output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.range.file !== b.range.file) return a.range.file < b.range.file ? -1 : 1;
  return (
    a.range.start.offset - b.range.start.offset ||
    a.range.end.offset - b.range.end.offset ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}
