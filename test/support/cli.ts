import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'vitest';

export const repository = fileURLToPath(new URL('../..', import.meta.url));
const binary = join(repository, 'bin/compose-lint.js');

/** Runs the built command line as a user would, with a clean environment. */
export function run(args: string[], cwd = repository) {
  const result = spawnSync(process.execPath, [binary, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Copies a fixture project into a new temporary directory of the same name, so fixes can write. */
export function copyFixture(relativePath: string): string {
  const source = join(repository, relativePath);
  const target = join(mkdtempSync(join(tmpdir(), 'compose-lint-')), basename(source));
  cpSync(source, target, { recursive: true });
  return target;
}

/**
 * Compares text with a file under test/golden. Set UPDATE_GOLDEN=1 to
 * rewrite the file from the output, then review the change like code.
 */
export function expectGolden(text: string, name: string): void {
  const path = join(repository, 'test/golden', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}
