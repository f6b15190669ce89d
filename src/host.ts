import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';

import { memoized } from './memo.js';

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
 * The disk as one run read it: each file's text, each path's stat and each
 * directory's entries, read once and then returned from memory. So a run
 * that shares a snapshot works on one state of the disk and pays for each
 * read once, and a writer can check the disk against the text the findings
 * were computed on.
 */
export class DiskSnapshot {
  readonly texts = new Map<string, string | undefined>();
  readonly stats = new Map<string, Stats | undefined>();
  readonly listings = new Map<string, string[] | undefined>();

  /**
   * @param cache the reads of earlier runs that still hold, which a
   *   long-lived caller such as the language server keeps
   */
  constructor(readonly cache?: DiskCache) {}
}

/** The coarsest timestamp resolution of a common file system (two seconds, on FAT), in milliseconds. */
const timestampGranularity = 2_000;

/** Files larger than this are read again on every run rather than kept. */
const maxCachedTextLength = 256 * 1024;

/**
 * The reads of earlier runs that still hold, checked by stat as Git trusts
 * its index:
 *
 * - file texts, each with the stat it was read under (inode, size, change
 *   and modification times), reused while the file's stat stays the same;
 * - missing paths, each with the stat of its directory, missing while that
 *   stat stays the same, because creating an entry changes its directory.
 *
 * So a run that finds most files unchanged stats them and reads none, and
 * does not probe again for the ignore files a build context lacks. Nothing
 * modified less than `timestampGranularity` before it was read is kept,
 * because a second write within the same timestamp could leave the stat
 * unchanged.
 */
export class DiskCache {
  readonly #texts = new Map<string, { signature: string; text: string; lastRun: number }>();
  readonly #missing = new Map<string, { directorySignature: string; lastRun: number }>();
  #run = 0;

  /** Returns the text of the file at `path`, whose current stat is `stats`. */
  read(path: string, stats: Stats): string | undefined {
    const signature = describeStats(stats);
    const entry = this.#texts.get(path);
    if (entry?.signature === signature) {
      entry.lastRun = this.#run;
      return entry.text;
    }

    const text = readTextFromDisk(path);
    if (text !== undefined && isSettled(stats) && text.length <= maxCachedTextLength) {
      this.#texts.set(path, { signature, text, lastRun: this.#run });
    } else {
      this.#texts.delete(path);
    }
    return text;
  }

  /**
   * Stats `path`, or returns `undefined` without a system call when it was
   * missing before and its directory, whose current stat is
   * `directoryStats`, has not changed since.
   */
  stat(path: string, directoryStats: Stats | undefined): Stats | undefined {
    const directorySignature = directoryStats === undefined ? undefined : describeStats(directoryStats);
    const entry = this.#missing.get(path);
    if (entry !== undefined && entry.directorySignature === directorySignature) {
      entry.lastRun = this.#run;
      return undefined;
    }

    const stats = statOnDisk(path);
    this.#missing.delete(path);
    // A dangling symbolic link also stats as missing, but its target can
    // appear without a change to this directory, so only a path without
    // any entry is kept.
    if (stats === undefined && directoryStats !== undefined && isSettled(directoryStats) && !hasEntry(path)) {
      this.#missing.set(path, { directorySignature: directorySignature!, lastRun: this.#run });
    }
    return stats;
  }

  /** Ends a run, and drops what none of the last `keptRuns` runs asked for. */
  endRun(keptRuns = 16): void {
    this.#run++;
    for (const entries of [this.#texts, this.#missing]) {
      for (const [path, entry] of entries) if (this.#run - entry.lastRun > keptRuns) entries.delete(path);
    }
  }
}

function describeStats(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** Checks whether a path was last modified long enough ago that a later change shows in its stat. */
function isSettled(stats: Stats): boolean {
  return Date.now() - stats.mtimeMs > timestampGranularity;
}

function hasEntry(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
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

    const cache = this.#snapshot?.cache;
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
    const cache = this.#snapshot?.cache;
    if (cache === undefined) return remember(this.#snapshot?.stats, path, statOnDisk);

    return remember(this.#snapshot?.stats, path, () => {
      const directory = dirname(path);
      return cache.stat(path, directory === path ? undefined : this.#stat(directory));
    });
  }
}

/** Returns the value `memory` has for `path`, reading it with `read` and keeping it there when it has none. */
function remember<T>(memory: Map<string, T> | undefined, path: string, read: (path: string) => T): T {
  return memory === undefined ? read(path) : memoized(memory, path, read);
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
