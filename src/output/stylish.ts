import { relative } from 'node:path';

import { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';

import type { Finding } from '../engine/finding.js';

export interface StylishOptions {
  /** Directory that file paths are shown relative to. */
  cwd: string;
  color: boolean;
}

/**
 * The default, human-readable report: one block per file with
 * `line:column-line:column  severity  message  rule-id` rows, as vfile-reporter
 * prints them. Prints nothing for a clean project.
 */
export function formatStylish(findings: Finding[], options: StylishOptions): string {
  if (findings.length === 0) return '';

  const files = new Map<string, VFile>();
  for (const finding of findings) {
    const path = finding.range.file;
    let file = files.get(path);
    if (file === undefined) {
      file = new VFile({ path: relative(options.cwd, path) || path, cwd: options.cwd });
      files.set(path, file);
    }

    const { start, end } = finding.range;
    const message = file.message(finding.message, {
      place: { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } },
      ruleId: finding.ruleId,
      source: 'compose-lint',
    });
    // vfile-reporter reads `fatal`: true is an error, false a warning, undefined an info.
    message.fatal = finding.severity === 'error' ? true : finding.severity === 'warning' ? false : undefined;
  }

  return reporter([...files.values()], { color: options.color, quiet: true });
}
