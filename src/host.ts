import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

export class DiskHost implements Host {
  readonly #overlay: Map<string, string>;
  readonly #snapshots: Map<string, string> | undefined;

  /**
   * @param overlay texts that replace the files on disk, by absolute path
   * @param snapshots when given, the text of each file read from disk, by
   *   absolute path: a file is read once and every later read returns the
   *   same text, so one run sees one version of each file, and a writer can
   *   check the disk against the text the findings were computed on
   */
  constructor(
    readonly cwd: string = process.cwd(),
    readonly env: Readonly<Record<string, string | undefined>> = process.env,
    overlay: Map<string, string> = new Map(),
    snapshots?: Map<string, string>,
  ) {
    this.#overlay = overlay;
    this.#snapshots = snapshots;
  }

  readText(path: string): string | undefined {
    const known = this.#overlay.get(path) ?? this.#snapshots?.get(path);
    if (known !== undefined) return known;

    // A missing file is common (ignore files), and a failed read throws, which costs several times the check.
    if (!existsSync(path)) return undefined;

    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    this.#snapshots?.set(path, text);
    return text;
  }

  /** Lists the directory on disk plus the overlaid files directly inside it. */
  list(path: string): string[] | undefined {
    let names: string[] | undefined;
    try {
      names = readdirSync(path);
    } catch {
      names = undefined;
    }

    const overlaid = [...this.#overlay.keys()].filter((file) => dirname(file) === path).map((file) => basename(file));
    if (names === undefined && overlaid.length === 0) return undefined;
    return [...new Set([...(names ?? []), ...overlaid])].sort();
  }

  kind(path: string): 'file' | 'directory' | 'other' | undefined {
    if (this.#overlay.has(path)) return 'file';
    try {
      // A missing path is common (ignore files, optional Dockerfiles), and throwing for it costs more than the stat.
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats === undefined) return undefined;
      if (stats.isFile()) return 'file';
      if (stats.isDirectory()) return 'directory';
      return 'other';
    } catch {
      return undefined;
    }
  }
}

/**
 * A host for one lint run that asks another host once per path and reuses
 * the answer: what a path is, a directory listing, and that a file cannot
 * be read. Rules and the loader probe the same paths (the context
 * directory, its `.dockerignore`) again and again. Texts that exist are not
 * kept, because the models keep those they need and the hashed files of a
 * build context would stay in memory.
 *
 * NOTE: a path created, deleted or changed after its first probe reads as
 * before, so a long-lived caller such as the language server builds a new
 * one for each run.
 */
export class RunHost implements Host {
  readonly #host: Host;
  readonly #kinds = new Map<string, ReturnType<Host['kind']>>();
  readonly #listings = new Map<string, readonly string[] | undefined>();
  readonly #unreadable = new Set<string>();
  readonly list?: (path: string) => string[] | undefined;

  constructor(host: Host) {
    this.#host = host;
    // Keeps the inner host's capability: a host without `list` cannot expand wildcards.
    if (host.list !== undefined) this.list = (path) => this.#list(path);
  }

  get env(): Host['env'] {
    return this.#host.env;
  }

  get cwd(): string {
    return this.#host.cwd;
  }

  readText(path: string): string | undefined {
    if (this.#unreadable.has(path)) return undefined;
    const text = this.#host.readText(path);
    if (text === undefined) this.#unreadable.add(path);
    return text;
  }

  kind(path: string): ReturnType<Host['kind']> {
    if (this.#kinds.has(path)) return this.#kinds.get(path);
    const kind = this.#host.kind(path);
    this.#kinds.set(path, kind);
    return kind;
  }

  #list(path: string): string[] | undefined {
    let names = this.#listings.get(path);
    if (names === undefined && !this.#listings.has(path)) {
      names = this.#host.list!(path);
      this.#listings.set(path, names);
    }
    // A copy, because callers own the array they get.
    return names === undefined ? undefined : [...names];
  }
}
