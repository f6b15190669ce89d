import { closeSync, fchmodSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/** A file that could not be written: the command line reports it and exits with code 2. */
export class WriteRejected extends Error {
  override name = 'WriteRejected';
}

/**
 * Replaces a file's text atomically: writes a temporary file beside it with
 * the same mode, then renames it over the original, so a reader never sees a
 * half-written file. Rejects the write when the file changed on disk since
 * `expectedText` was read, and when the file is outside `root`, the project
 * directory.
 *
 * A symbolic link is followed when its target is inside `root`: the target
 * gets the new text and the link stays as it was. A link whose target is
 * outside `root` is rejected like any other path outside it.
 *
 * NOTE: the new file belongs to the user that runs compose-lint, and a hard
 * link to the original keeps the old text, as with any editor that saves by
 * renaming.
 */
export function writeFileAtomically(path: string, text: string, expectedText: string, root: string): void {
  const target = resolveInside(path, root);

  let current: string;
  let mode: number;
  try {
    current = readFileSync(target, 'utf8');
    mode = statSync(target).mode & 0o7777;
  } catch (error) {
    throw new WriteRejected(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (current !== expectedText) {
    throw new WriteRejected(`${path} changed on disk while compose-lint was running; run it again`);
  }

  const temporary = join(dirname(target), `.${basename(target)}.compose-lint-${process.pid}.tmp`);
  let descriptor: number;
  try {
    descriptor = openSync(temporary, 'wx', mode);
  } catch (error) {
    throw new WriteRejected(`cannot write ${path}: ${(error as Error).message}`);
  }
  try {
    try {
      // The umask applies to the mode given to open, so the mode is set again.
      fchmodSync(descriptor, mode);
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, target);
  } catch (error) {
    unlinkSync(temporary);
    throw new WriteRejected(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/**
 * Returns the real path of an existing file, with every symbolic link
 * resolved, and rejects it unless that path is inside `root`.
 */
export function resolveInside(path: string, root: string): string {
  let target: string;
  try {
    target = realpathSync(path);
  } catch (error) {
    throw new WriteRejected(`cannot resolve ${path}: ${(error as Error).message}`);
  }
  assertInside(target, root, path);
  return target;
}

/**
 * Rejects a path that is not inside `root` once the symbolic links of its
 * directory are resolved. The last component is taken as written, so a link
 * there is judged by where it is, not by what it points to. `shownPath` is
 * the path as the message names it.
 */
export function assertInside(path: string, root: string, shownPath: string = path): void {
  let directory: string;
  let realRoot: string;
  try {
    directory = realpathSync(dirname(path));
    realRoot = realpathSync(root);
  } catch (error) {
    throw new WriteRejected(`cannot resolve ${shownPath}: ${(error as Error).message}`);
  }

  const inside = relative(realRoot, join(directory, basename(path)));
  if (inside === '' || inside.split(sep)[0] === '..' || isAbsolute(inside)) {
    const through = shownPath === path ? '' : ` (it is a link to ${path})`;
    throw new WriteRejected(
      `${shownPath} is outside the project directory ${root}${through}; compose-lint only changes files inside it`,
    );
  }
}
