import { isAbsolute, relative, sep } from 'node:path';

import type { Finding } from '../engine/finding.js';
import type { RuleMeta } from '../engine/rule.js';

/** Everything a lint report format may print. */
export interface Report {
  /** The findings to print, in the engine's order. */
  findings: Finding[];
  /** Absolute paths of every file the run read, with or without findings. */
  files: string[];
  /** Every rule of the run, for formats that describe the rules. */
  rules: readonly RuleMeta[];
  /** Directory that paths are shown relative to: the repository root in CI. */
  cwd: string;
  /** compose-lint's version, for formats that name the tool. */
  version: string;
  /** Whether the human-readable format may use ANSI colors. */
  color: boolean;
  /** Text of a file as the run read it, for formats that quote the source. */
  readText(file: string): string | undefined;
}

/** Turns a report into the text of one output format. */
export type Formatter = (report: Report) => string;

/**
 * Returns the path of `file` relative to `cwd` with `/` separators when the
 * file is inside `cwd`, and the absolute path otherwise.
 */
export function relativePath(cwd: string, file: string): string {
  const path = relative(cwd, file);
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return file;
  return path.split(sep).join('/');
}

/** Joins the lines of a message with spaces, for line-based formats. */
export function singleLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
