import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
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
  readonly stats = new Map<string, Stats | undefined>();
  readonly listings = new Map<string, string[] | undefined>();

  /**
   * @param textCache texts kept from earlier runs, reused for the files
   *   whose stat did not change, as a long-lived caller such as the language
   *   server has
   */
  constructor(readonly textCache?: TextCache) {}
}

/** The coarsest timestamp resolution of a common file system (two seconds, on FAT), in milliseconds. */
const timestampGranularity = 2_000;

/** Files larger than this are read again on every run rather than kept. */
const maxCachedTextLength = 256 * 1024;

/**
 * File texts kept across runs, each with the stat it was read under: inode,
 * size, and change and modification times. A text is reused while the
 * file's stat stays the same, as Git trusts its index, so a run that finds
 * most files unchanged stats them and reads none.
 *
 * A file modified less than `timestampGranularity` before it was read is
 * not kept, because a second write within the same timestamp could leave
 * the stat unchanged.
 */
export class TextCache {
  readonly #entries = new Map<string, { signature: string; text: string; lastRun: number }>();
  #run = 0;

  /** Returns the text of the file at `path`, whose current stat is `stats`. */
  read(path: string, stats: Stats): string | undefined {
    const signature = `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
    const entry = this.#entries.get(path);
    if (entry?.signature === signature) {
      entry.lastRun = this.#run;
      return entry.text;
    }

    const text = readTextFromDisk(path);
    const settled = Date.now() - stats.mtimeMs > timestampGranularity;
    if (text !== undefined && settled && text.length <= maxCachedTextLength) {
      this.#entries.set(path, { signature, text, lastRun: this.#run });
    } else {
      this.#entries.delete(path);
    }
    return text;
  }

  /** Ends a run, and drops the texts that none of the last `keptRuns` runs read. */
  endRun(keptRuns = 16): void {
    this.#run++;
    for (const [path, entry] of this.#entries) if (this.#run - entry.lastRun > keptRuns) this.#entries.delete(path);
  }
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
    const stats = this.#stat(path);
    if (stats?.isFile() !== true) return undefined;

    const cache = this.#snapshot?.textCache;
    return remember(this.#snapshot?.texts, path, cache === undefined ? readTextFromDisk : () => cache.read(path, stats));
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

    const stats = this.#stat(path);
    if (stats === undefined) return undefined;
    if (stats.isFile()) return 'file';
    if (stats.isDirectory()) return 'directory';
    return 'other';
  }

  #stat(path: string): Stats | undefined {
    return remember(this.#snapshot?.stats, path, statOnDisk);
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

/** Stats a path, following symbolic links, or returns `undefined` when it cannot. */
function statOnDisk(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
