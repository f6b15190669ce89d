import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { assertInside, WriteRejected } from './write.js';

/**
 * Creates a file with `text`, atomically and only when nothing exists at
 * `path`: the text goes to a temporary file beside it, which is then
 * hard-linked to `path`. The link fails when `path` exists, so an existing
 * file is never overwritten, and a reader never sees a half-written file.
 * Rejects a path outside `root`, symbolic links included.
 */
export function createFileExclusively(path: string, text: string, root: string): void {
  assertInside(path, root);

  const temporary = join(dirname(path), `.${basename(path)}.compose-lint-${process.pid}.tmp`);
  let descriptor: number;
  try {
    descriptor = openSync(temporary, 'wx', 0o666);
  } catch (error) {
    throw new WriteRejected(`cannot create ${path}: ${(error as Error).message}`);
  }
  try {
    try {
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    linkSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WriteRejected(
      code === 'EEXIST' ? `${path} already exists; compose-lint never overwrites a file it creates` : `cannot create ${path}: ${(error as Error).message}`,
    );
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Deletes a file when it still has `expectedText`, so a file edited since
 * the fix was computed survives. Rejects a path outside `root` and a
 * symbolic link.
 */
export function deleteFileIfUnchanged(path: string, expectedText: string, root: string): void {
  assertInside(path, root);

  let current: string;
  try {
    if (lstatSync(path).isSymbolicLink()) throw new WriteRejected(`${path} is a symbolic link; delete it by hand`);
    current = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof WriteRejected) throw error;
    throw new WriteRejected(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (current !== expectedText) throw new WriteRejected(`${path} changed on disk while compose-lint was running; run it again`);
  unlinkSync(path);
}
