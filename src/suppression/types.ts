import type { SourceRange } from '../source.js';

/** Rule id of the findings about suppression comments that suppress nothing. */
export const unusedSuppressionRuleId = 'unused-suppression';

/**
 * `next-line` suppresses findings that start on the line after the comment,
 * `line` those on the comment's own line, `file` those anywhere in the file.
 */
export type SuppressionKind = 'next-line' | 'line' | 'file';

/** One rule id named by a suppression comment, and where it is written. */
export interface SuppressedRule {
  id: string;
  range: SourceRange;
  /** The text to delete to take this id out of the list, separator included. */
  removal: SourceRange;
}

/** A `# compose-lint-disable-…` comment in a compose file or a Dockerfile. */
export interface Suppression {
  kind: SuppressionKind;
  /** The file whose findings it suppresses; for a Dockerfile inside a compose file, the compose file. */
  file: string;
  language: 'yaml' | 'dockerfile';
  /** The rules it names; empty when it names none and so suppresses every rule. */
  rules: SuppressedRule[];
  /** The text after `--`, trimmed, or `undefined` when there is none. */
  reason: string | undefined;
  /** The 1-based line whose findings it suppresses; `undefined` for the file form and past the last line. */
  line: number | undefined;
  /** The comment from `#` to its end. */
  range: SourceRange;
  /** The `compose-lint-disable-…` word. */
  keyword: SourceRange;
  /** The text to delete to remove the comment: its whole line when it is alone on it. */
  removal: SourceRange;
}
