import { Parser } from 'yaml';

/** A comment in a text, between two offsets: from `#` to the end of its line, line ending excluded. */
export interface Comment {
  start: number;
  end: number;
  /** True when only white space precedes the comment on its line. */
  ownLine: boolean;
}

/**
 * Finds the comments of a YAML text with the parser's concrete syntax tree,
 * so a `#` inside a quoted or block scalar is never taken for one.
 */
export function findYamlComments(text: string): Comment[] {
  const comments: Comment[] = [];
  // A stack in place of recursion, because a recursive walk overflows the
  // call stack on deeply nested input such as 10,000 `[`.
  const pending: unknown[] = [...new Parser().parse(text)];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;

    const token = value as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      const start = token.offset;
      comments.push({ start, end: start + token.source.replace(/\r$/, '').length, ownLine: isLineStart(text, start) });
      continue;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push(child);
  }
  return comments.sort((a, b) => a.start - b.start);
}

/**
 * Finds the comments of a Dockerfile as BuildKit's parser reads them: every
 * line whose first character after white space is `#`, inside continuation
 * lines too, but not the lines of a heredoc body, which are file content.
 * BuildKit has no end-of-line comments, so each comment is alone on its line.
 */
export function findDockerfileComments(text: string, isHeredocBody: (offset: number) => boolean): Comment[] {
  const comments: Comment[] = [];
  let lineStart = text.startsWith('\uFEFF') ? 1 : 0;

  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const content = text.slice(lineStart, lineEnd).replace(/\r$/, '');

    const indentation = content.length - content.trimStart().length;
    if (content.trimStart().startsWith('#') && !isHeredocBody(lineStart)) {
      comments.push({ start: lineStart + indentation, end: lineStart + content.length, ownLine: true });
    }

    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return comments;
}

function isLineStart(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === '';
}
