import { join, posix } from 'node:path';

import type { Ignore } from '@balena/dockerignore';
import picomatch from 'picomatch';

import type { Instruction } from '../dockerfile/types.js';
import { compileIgnoreFile, containsWildcards } from '../engine/build-context.js';
import type { Host } from '../host.js';
import { createSha256 } from '../sha256.js';

/** The ignore file a build reads, and its text. */
export interface IgnoreFile {
  path: string;
  text: string;
}

/**
 * Returns the ignore file BuildKit applies to a build: `<Dockerfile>.dockerignore`
 * beside the Dockerfile when it exists, else `.dockerignore` in the context.
 */
export function findIgnoreFile(host: Host, contextRoot: string, dockerfilePath: string | undefined): IgnoreFile | undefined {
  const candidates = [dockerfilePath === undefined ? undefined : `${dockerfilePath}.dockerignore`, join(contextRoot, '.dockerignore')];
  for (const path of candidates) {
    if (path === undefined) continue;
    const text = host.readText(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

/**
 * Returns whether a `RUN` binds the build context: a `--mount` of type `bind`
 * (the default type) without `from=`.
 */
export function bindsContext(instruction: Instruction): boolean {
  if (instruction.keyword !== 'RUN') return false;
  return instruction.flags.some((flag) => {
    if (flag.name !== 'mount' || flag.value === undefined) return false;
    const fields = flag.value.split(',').map((field) => field.trim().toLowerCase());
    const type = fields.find((field) => field.startsWith('type='))?.slice('type='.length) ?? 'bind';
    return type === 'bind' && !fields.some((field) => field.startsWith('from='));
  });
}

/**
 * Maximum directory entries and characters of file text read for one source.
 * Beyond them the source counts as unknown, which keeps a `COPY . .` of a
 * large tree from reading all of it on every lint.
 */
const maxEntries = 10_000;
const maxCharacters = 32 * 1024 * 1024;

/**
 * The files of one local build context as BuildKit receives them, read
 * through a host: the files under `root` that the ignore rules leave in.
 * `digest` fingerprints what a `COPY` source puts into the image, so two
 * contexts can be compared without comparing paths outside the source.
 *
 * NOTE: texts are compared as the host decodes them (UTF-8), and file modes
 * and symbolic links are not compared, because the host cannot read them.
 */
export class ContextSnapshot {
  readonly #host: Host;
  readonly #root: string;
  readonly #ignore: Ignore | undefined;
  /** True when the ignore file has a pattern the matcher cannot compile, so no digest can be computed. */
  readonly #ignoreInvalid: boolean;
  readonly #reincludes: boolean;
  readonly #digests = new Map<string, string | undefined>();

  /** `ignoreText` is the text of the ignore file that applies, or `undefined` when there is none. */
  constructor(host: Host, root: string, ignoreText: string | undefined) {
    this.#host = host;
    this.#root = root;
    this.#ignore = ignoreText === undefined ? undefined : compileIgnoreFile(ignoreText);
    this.#ignoreInvalid = ignoreText !== undefined && this.#ignore === undefined;
    this.#reincludes = ignoreText !== undefined && ignoreText.split(/\r?\n/).some((line) => line.trim().startsWith('!'));
  }

  /**
   * Returns a fingerprint of what copying `source` (after variable expansion)
   * puts into the image: each selected file's path below the source and its
   * text, in order. Returns `undefined` when the source does not exist, is
   * too large to read, or uses a wildcard this host cannot list, and when
   * the ignore file has a pattern that cannot be compiled.
   */
  digest(source: string): string | undefined {
    if (this.#ignoreInvalid) return undefined;
    if (this.#digests.has(source)) return this.#digests.get(source);
    const digest = this.#computeDigest(source);
    this.#digests.set(source, digest);
    return digest;
  }

  #computeDigest(source: string): string | undefined {
    const path = posix.join('/', source).slice(1).replace(/\/$/, '');
    const wildcard = containsWildcards(path);
    const matches = wildcard ? this.#expandWildcards(path) : [path];
    if (matches === undefined) return undefined;
    // A path the ignore rules exclude is not found, and the build fails.
    if (!wildcard && this.#isExcluded(path) && !this.#reincludes) return undefined;

    const hash = createSha256();
    const budget = { entries: 0, characters: 0 };
    for (const match of matches) {
      const kind = this.#host.kind(this.#absolute(match));
      if (kind === undefined) return undefined;
      if (kind === 'file') {
        if (this.#isExcluded(match)) {
          if (!wildcard) return undefined;
          continue;
        }
        const text = this.#readFile(match, budget);
        if (text === undefined) return undefined;
        hash.update(`file\0${posix.basename(match)}\0${text.length}\0`).update(text).update('\0');
        continue;
      }
      if (kind !== 'directory') return undefined;
      // A directory source copies its contents, not the directory itself.
      if (!this.#hashDirectory(match, hash, budget)) return undefined;
    }
    return hash.digest('hex');
  }

  /** Adds every entry below `directory` that the build receives, sorted, with paths relative to it. */
  #hashDirectory(directory: string, hash: ReturnType<typeof createSha256>, budget: { entries: number; characters: number }): boolean {
    const pending = [''];
    while (pending.length > 0) {
      const relative = pending.shift()!;
      const current = relative === '' ? directory : posix.join(directory, relative);
      const names = this.#host.list?.(this.#absolute(current));
      if (names === undefined) return false;

      for (const name of names) {
        budget.entries++;
        if (budget.entries > maxEntries) return false;

        const entry = posix.join(current, name);
        const entryRelative = relative === '' ? name : `${relative}/${name}`;
        const kind = this.#host.kind(this.#absolute(entry));
        const excluded = this.#ignore !== undefined && this.#ignore.ignores(entry);
        if (kind === 'directory') {
          // An excluded directory is still walked when a `!` rule may re-include something inside it.
          if (!excluded) hash.update(`directory\0${entryRelative}\0`);
          if (!excluded || this.#reincludes) pending.push(entryRelative);
        } else if (kind === 'file' && !excluded) {
          const text = this.#readFile(entry, budget);
          if (text === undefined) return false;
          hash.update(`file\0${entryRelative}\0${text.length}\0`).update(text).update('\0');
        }
      }
    }
    return true;
  }

  #readFile(path: string, budget: { entries: number; characters: number }): string | undefined {
    const text = this.#host.readText(this.#absolute(path));
    if (text === undefined) return undefined;
    budget.characters += text.length;
    return budget.characters > maxCharacters ? undefined : text;
  }

  /**
   * Expands a source with wildcards segment by segment, as BuildKit does:
   * `*`, `?` and `[...]` match within one segment and `**` is `*`.
   *
   * NOTE: segments are matched with picomatch, which reads character classes
   * much as Go's `filepath.Match` does but is not a port of it.
   */
  #expandWildcards(path: string): string[] | undefined {
    const list = this.#host.list?.bind(this.#host);
    if (list === undefined) return undefined;

    const segments = path.split('/');
    let matches = [''];
    for (const segment of segments) {
      if (!containsWildcards(segment)) {
        matches = matches.map((directory) => posix.join(directory, segment.replace(/\\(.)/g, '$1')));
        continue;
      }
      let isMatch: (name: string) => boolean;
      try {
        isMatch = picomatch(segment, { dot: true, noglobstar: true, nobrace: true, noextglob: true, nonegate: true });
      } catch {
        return undefined;
      }
      matches = matches.flatMap((directory) =>
        (list(this.#absolute(directory)) ?? []).filter((name) => isMatch(name)).map((name) => posix.join(directory, name)),
      );
    }
    return matches.sort();
  }

  #isExcluded(path: string): boolean {
    return this.#ignore !== undefined && path !== '' && this.#ignore.ignores(path);
  }

  #absolute(path: string): string {
    return path === '' ? this.#root : join(this.#root, ...path.split('/'));
  }
}
