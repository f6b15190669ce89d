import type { SuppressionKind } from './types.js';

/** A suppression comment as written, with offsets relative to the `#`. */
export interface Directive {
  kind: SuppressionKind;
  /** Offsets of the `compose-lint-disable-…` word. */
  keyword: { start: number; end: number };
  rules: Array<{ id: string; start: number; end: number }>;
  reason: string | undefined;
}

const directivePattern = /^#\s*compose-lint-disable-(next-line|line|file)(?=\s|$)/;

/**
 * Returns whether a text may contain a directive. Every directive contains
 * `compose-lint-disable-`, so a text without it needs no search for
 * comments, which for YAML means parsing the file again.
 */
export function mayContainDirective(text: string): boolean {
  return text.includes('compose-lint-disable-');
}

/** `--` between white space (or at the end) starts the reason, as in ESLint's directive comments. */
const reasonSeparator = /(?:^|\s)--(?:\s|$)/;

/**
 * Reads a comment (from `#` to the end of the line) as a suppression
 * directive: `# compose-lint-disable-next-line RULE[, RULE…] [-- reason]`,
 * and the same with `disable-line` or `disable-file`. Rule ids may be
 * separated by commas, white space or both. Returns `undefined` for any
 * other comment.
 */
export function parseDirective(comment: string): Directive | undefined {
  const match = directivePattern.exec(comment);
  if (match === null) return undefined;

  const listStart = match[0].length;
  const rest = comment.slice(listStart);
  const separator = reasonSeparator.exec(rest);
  const list = separator === null ? rest : rest.slice(0, separator.index);
  const reason = separator === null ? undefined : rest.slice(separator.index + separator[0].length).trim() || undefined;

  const rules: Directive['rules'] = [];
  for (const word of list.matchAll(/[^\s,]+/g)) {
    const start = listStart + word.index;
    rules.push({ id: word[0], start, end: start + word[0].length });
  }
  const keyword = { start: match[0].indexOf('compose-lint-'), end: listStart };
  return { kind: match[1] as SuppressionKind, keyword, rules, reason };
}
