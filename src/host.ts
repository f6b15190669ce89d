import { readFileSync, statSync } from 'node:fs';

/**
 * Where the engine reads files from. The CLI reads the disk; the language
 * server and `--stdin` lay unsaved editor text over it.
 */
export interface Host {
  /** Text of a file, or `undefined` when it does not exist or is not a readable file. */
  readText(path: string): string | undefined;
  /** What a path is, following symlinks, or `undefined` when it does not exist. */
  kind(path: string): 'file' | 'directory' | 'other' | undefined;
  /** Process environment used for interpolation and `COMPOSE_*` variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative command-line paths are resolved against. */
  cwd: string;
}

export class DiskHost implements Host {
  readonly #overlay: Map<string, string>;

  constructor(
    readonly cwd: string = process.cwd(),
    readonly env: Readonly<Record<string, string | undefined>> = process.env,
    overlay: Map<string, string> = new Map(),
  ) {
    this.#overlay = overlay;
  }

  readText(path: string): string | undefined {
    const overlaid = this.#overlay.get(path);
    if (overlaid !== undefined) return overlaid;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  kind(path: string): 'file' | 'directory' | 'other' | undefined {
    if (this.#overlay.has(path)) return 'file';
    try {
      const stats = statSync(path);
      if (stats.isFile()) return 'file';
      if (stats.isDirectory()) return 'directory';
      return 'other';
    } catch {
      return undefined;
    }
  }
}
