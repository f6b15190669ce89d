import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import type { Finding } from '../../src/engine/finding.js';
import { DiskHost } from '../../src/host.js';
import { lint, type LintOptions, type LintResult } from '../../src/lint.js';

/**
 * Writes a project to a new directory named `example` under the system
 * temporary directory, so default image names are `example-<service>`.
 */
export function writeProject(files: Record<string, string>, name = 'example'): string {
  const root = join(mkdtempSync(join(tmpdir(), 'compose-lint-')), name);
  for (const [path, text] of Object.entries(files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  }
  return root;
}

/** Lints a project directory with an empty environment, so the machine's variables cannot leak in. */
export function lintDirectory(root: string, options: LintOptions = {}, env: Record<string, string> = {}): LintResult {
  return lint({ path: root, ...options }, new DiskHost(root, env));
}

/** `path:line:column-line:column rule-id`, with the path relative to `root`. */
export function describeFinding(root: string, finding: Finding): string {
  const { file, start, end } = finding.range;
  return `${relative(root, file)}:${start.line}:${start.column}-${end.line}:${end.column} ${finding.ruleId}`;
}

/** Lints files written to a fresh project and returns `describeFinding` lines. */
export function lintFiles(files: Record<string, string>, options: LintOptions = {}): string[] {
  const root = writeProject(files);
  return lintDirectory(root, options).findings.map((finding) => describeFinding(root, finding));
}
