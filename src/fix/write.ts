import { closeSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file that could not be written; the fix run reports it and goes on. */
export class WriteRejected extends Error {
  override name = 'WriteRejected';
}

/**
 * Replaces a file's text atomically: writes a temporary file beside it with
 * the same mode, then renames it over the original, so a reader never sees a
 * half-written file. Rejects the write when the file changed on disk since
 * `expectedText` was read, and never writes through a symlink.
 */
export function writeFileAtomically(path: string, text: string, expectedText: string): void {
  let current: string;
  try {
    if (lstatSync(path).isSymbolicLink()) throw new WriteRejected(`${path} is a symbolic link; fix the file it points to directly`);
    current = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof WriteRejected) throw error;
    throw new WriteRejected(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (current !== expectedText) {
    throw new WriteRejected(`${path} changed on disk while compose-lint was running; run it again`);
  }

  const mode = statSync(path).mode & 0o7777;
  const temporary = join(dirname(path), `.${basename(path)}.compose-lint-${process.pid}.tmp`);
  const descriptor = openSync(temporary, 'wx', mode);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } catch (error) {
    closeSync(descriptor);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(descriptor);
  renameSync(temporary, path);
}
