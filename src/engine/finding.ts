import type { SourceRange } from '../source.js';

export type Severity = 'error' | 'warning' | 'info';

/** A replacement of the text between `range.start.offset` and `range.end.offset`. */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe fixes are applied by `--fix`; unsafe ones need an explicit opt-in. */
  safety: 'safe' | 'unsafe';
  edits: TextEdit[];
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
