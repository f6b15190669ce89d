import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Where the engine reads files from. The CLI reads the disk; the language
 * server and `--stdin` lay unsaved editor text over it.
 */
export interface Host {
  /** Text of a file, or `undefined` when it does not exist or is not a readable file. */
  readText(path: string): string | undefined;
  /** What a path is, following symlinks, or `undefined` when it does not exist. */
  kind(path: string): 'file' | 'directory' | 'other' | undefined;
  /**
   * Names of the entries of a directory, sorted, or `undefined` when it is
   * not a readable directory. Optional: a host without it cannot expand
   * wildcards, and rules that need it skip those checks.
   */
  list?(path: string): string[] | undefined;
  /** Process environment used for interpolation and `COMPOSE_*` variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative command-line paths are resolved against. */
  cwd: string;
}

type PathKind = ReturnType<Host['kind']>;

/**
 * The disk as one run saw it: each file's text, each path's kind and each
 * directory's entries, read once and then returned from memory. A run that
 * shares a snapshot sees one state of the disk and pays for each read once;
 * a writer can check the disk against the text the findings were computed on.
 */
export class DiskSnapshot {
  readonly texts = new Map<string, string | undefined>();
  readonly kinds = new Map<string, PathKind>();
  readonly listings = new Map<string, string[] | undefined>();
}

export class DiskHost implements Host {
  readonly #overlay: Map<string, string>;
  readonly #snapshot: DiskSnapshot | undefined;

  /**
   * @param overlay texts that replace the files on disk, by absolute path
   * @param snapshot when given, every read of the disk goes through it, so
   *   a path is read, probed or listed once. Without it, each call reads
   *   the disk again.
   */
  constructor(
    readonly cwd: string = process.cwd(),
    readonly env: Readonly<Record<string, string | undefined>> = process.env,
    overlay: Map<string, string> = new Map(),
    snapshot?: DiskSnapshot,
  ) {
    this.#overlay = overlay;
    this.#snapshot = snapshot;
  }

  readText(path: string): string | undefined {
    const overlaid = this.#overlay.get(path);
    if (overlaid !== undefined) return overlaid;

    // A missing file is common (ignore files, optional env files), and a
    // stat, which `kind` shares, costs much less than a failed read.
    if (this.kind(path) !== 'file') return undefined;
    return remember(this.#snapshot?.texts, path, readTextFromDisk);
  }

  /** Lists the directory on disk plus the overlaid files directly inside it. */
  list(path: string): string[] | undefined {
    const names = remember(this.#snapshot?.listings, path, listFromDisk);
    const overlaid = [...this.#overlay.keys()].filter((file) => dirname(file) === path).map((file) => basename(file));
    if (overlaid.length === 0) return names === undefined ? undefined : [...names];
    return [...new Set([...(names ?? []), ...overlaid])].sort();
  }

  kind(path: string): PathKind {
    if (this.#overlay.has(path)) return 'file';
    return remember(this.#snapshot?.kinds, path, kindOnDisk);
  }
}

/** Returns the value `memory` has for `path`, reading it with `read` and keeping it there when it has none. */
function remember<T>(memory: Map<string, T> | undefined, path: string, read: (path: string) => T): T {
  if (memory === undefined) return read(path);
  if (memory.has(path)) return memory.get(path) as T;

  const value = read(path);
  memory.set(path, value);
  return value;
}

function readTextFromDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function listFromDisk(path: string): string[] | undefined {
  try {
    return readdirSync(path).sort();
  } catch {
    return undefined;
  }
}

function kindOnDisk(path: string): PathKind {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return undefined;
    if (stats.isFile()) return 'file';
    if (stats.isDirectory()) return 'directory';
    return 'other';
  } catch {
    return undefined;
  }
}
