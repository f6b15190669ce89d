import { join, posix } from 'node:path';

import dockerignore, { type Ignore } from '@balena/dockerignore';

import type { Host } from '../host.js';

/** The result of looking up a `COPY` or `ADD` source in the build context. */
export type SourceLookup =
  | { kind: 'found' }
  /** The path, or the directory before its first wildcard, is not in the context. */
  | { kind: 'missing'; path: string }
  /** The path, or the directory before its first wildcard, is excluded by the ignore file. */
  | { kind: 'excluded'; path: string }
  /** A wildcard whose directory exists but that matches nothing the build receives. */
  | { kind: 'no-match' }
  /** Not checkable with this host, such as a wildcard on a host that cannot list directories. */
  | { kind: 'unknown' };

/**
 * Most directory entries one build context reads over all its lookups. A
 * symbolic link to an ancestor directory makes every wildcard segment
 * multiply the matches, and a Dockerfile may have thousands of sources, so
 * reading stops here and the lookups left are `unknown`.
 */
const maxEntriesRead = 100_000;

/** Thrown inside a lookup when the context has read `maxEntriesRead` entries. */
class ReadLimitReached extends Error {}

/**
 * A local build context as BuildKit receives it: the files under the context
 * directory that the `.dockerignore` file does not exclude. Reads only
 * through the host, and never leaves the context directory: every path is
 * taken relative to it, and `..` stops at its root.
 *
 * NOTE: the host follows symbolic links, so a link to a file outside the
 * context counts as present here, while BuildKit sends the link itself.
 */
export class BuildContext {
  readonly #host: Host;
  readonly #root: string;
  readonly #ignore: Ignore | undefined;
  readonly #reincludes: boolean;
  /** True when the ignore file has a pattern the matcher cannot compile, so no lookup can be decided. */
  readonly #ignoreInvalid: boolean = false;
  #entriesLeft = maxEntriesRead;
  /** The ignore file that applies, or `undefined` when there is none. */
  readonly ignoreFile: string | undefined;

  /**
   * `dockerfilePath` is the Dockerfile of a build, whose own
   * `<Dockerfile>.dockerignore` beside it takes precedence over the
   * context's `.dockerignore`.
   */
  constructor(host: Host, root: string, dockerfilePath: string | undefined) {
    this.#host = host;
    this.#root = root;

    const candidates = [dockerfilePath === undefined ? undefined : `${dockerfilePath}.dockerignore`, join(root, '.dockerignore')];
    for (const candidate of candidates) {
      if (candidate === undefined) continue;
      const text = host.readText(candidate);
      if (text === undefined) continue;

      this.ignoreFile = candidate;
      this.#ignore = compileIgnoreFile(text);
      this.#ignoreInvalid = this.#ignore === undefined;
      this.#reincludes = text.split(/\r?\n/).some((line) => line.trim().startsWith('!'));
      return;
    }
    this.#reincludes = false;
  }

  /**
   * Looks up a `COPY` source, after variable expansion, as BuildKit does:
   * relative to the context root, with `*`, `?` and `[...]` matching within
   * one path segment (`**` is `*`) and `\` escaping them.
   */
  lookup(source: string): SourceLookup {
    if (this.#ignoreInvalid) return { kind: 'unknown' };
    try {
      return this.#lookupSource(normalizeSource(source));
    } catch (error) {
      if (error instanceof ReadLimitReached) return { kind: 'unknown' };
      throw error;
    }
  }

  #lookupSource(path: string): SourceLookup {
    if (!containsWildcards(path)) return this.#lookupPath(path);
    if (this.#host.list === undefined) return { kind: 'unknown' };

    // BuildKit walks the directory before the first segment with a wildcard; a missing one fails the copy.
    const segments = path.split('/');
    const firstWildcard = segments.findIndex(containsWildcards);
    const base = segments.slice(0, firstWildcard).join('/');
    const baseLookup = this.#lookupPath(base);
    if (baseLookup.kind !== 'found') return baseLookup;
    if (this.#host.kind(this.#absolute(base)) !== 'directory') return { kind: 'missing', path: base };

    let matches = [base];
    for (const segment of segments.slice(firstWildcard)) {
      const pattern = segmentPattern(segment);
      if (pattern === undefined) return { kind: 'unknown' };
      matches = matches.flatMap((directory) =>
        this.#list(directory).filter((name) => pattern.test(name)).map((name) => posix.join(directory, name)),
      );
    }
    return matches.some((match) => !this.#isExcluded(match)) ? { kind: 'found' } : { kind: 'no-match' };
  }

  /** Lists a directory of the context, counting its entries against `maxEntriesRead`. */
  #list(directory: string): string[] {
    const names = this.#host.list?.(this.#absolute(directory)) ?? [];
    this.#entriesLeft -= names.length;
    if (this.#entriesLeft < 0) throw new ReadLimitReached();
    return names;
  }

  #lookupPath(path: string): SourceLookup {
    if (path === '') return { kind: 'found' };
    if (this.#host.kind(this.#absolute(path)) === undefined) return { kind: 'missing', path };
    if (this.#isExcluded(path)) return { kind: 'excluded', path };
    return { kind: 'found' };
  }

  /**
   * Returns whether the build does not receive a path. An excluded directory is still
   * sent when a `!` pattern re-includes something inside it.
   */
  #isExcluded(path: string): boolean {
    if (this.#ignore === undefined || path === '' || !this.#ignore.ignores(path)) return false;
    if (!this.#reincludes || this.#host.kind(this.#absolute(path)) !== 'directory') return true;
    return !this.#hasIncludedDescendant(path);
  }

  #hasIncludedDescendant(directory: string): boolean {
    const pending = [directory];
    while (pending.length > 0) {
      const current = pending.pop()!;
      for (const name of this.#list(current)) {
        const path = posix.join(current, name);
        if (!this.#ignore!.ignores(path)) return true;
        if (this.#host.kind(this.#absolute(path)) === 'directory') pending.push(path);
      }
    }
    return false;
  }

  #absolute(path: string): string {
    return path === '' ? this.#root : join(this.#root, ...path.split('/'));
  }
}

/**
 * Reads the text of a `.dockerignore` file into a matcher, or returns
 * `undefined` when `@balena/dockerignore` cannot compile one of its
 * patterns, such as `[tests`. The package compiles the patterns when it
 * first matches a path, and throws there, so they are compiled here first.
 *
 * NOTE: the package turns `(`, `)` and `|` into regular expression syntax,
 * where Docker matches them literally, so a pattern such as `(` counts as
 * invalid here although Docker accepts it.
 */
export function compileIgnoreFile(text: string): Ignore | undefined {
  // The package is CommonJS: under NodeNext its factory is the `default` of the module object.
  const ignore = dockerignore.default().add(text);
  try {
    // Matching any path compiles every pattern.
    ignore.ignores('compose-lint');
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  return ignore;
}

/** Turns a source into a path relative to the context root: `/` and `..` stop at the root. */
function normalizeSource(source: string): string {
  return posix.join('/', source).slice(1).replace(/\/$/, '');
}

/** Returns whether a path has `*`, `?` or `[` that a backslash does not escape, as BuildKit checks on Linux. */
export function containsWildcards(path: string): boolean {
  for (let index = 0; index < path.length; index++) {
    const character = path[index];
    if (character === '\\') index++;
    else if (character === '*' || character === '?' || character === '[') return true;
  }
  return false;
}

/**
 * Converts one path segment to a regular expression with the rules of Go's
 * `filepath.Match`, or returns `undefined` for a malformed pattern, which
 * matches nothing in Go.
 */
function segmentPattern(segment: string): RegExp | undefined {
  let source = '^';
  for (let index = 0; index < segment.length; index++) {
    const character = segment[index]!;
    if (character === '*') {
      source += '.*';
    } else if (character === '?') {
      source += '.';
    } else if (character === '\\') {
      index++;
      if (index >= segment.length) return undefined;
      source += escapeRegExp(segment[index]!);
    } else if (character === '[') {
      const close = classEnd(segment, index);
      if (close === undefined) return undefined;
      source += classPattern(segment.slice(index + 1, close));
      index = close;
    } else {
      source += escapeRegExp(character);
    }
  }
  return new RegExp(`${source}$`, 'u');
}

/** Returns the index of the `]` that closes the class opened at `open`. */
function classEnd(segment: string, open: number): number | undefined {
  let index = open + 1;
  if (segment[index] === '^') index++;
  // Go requires at least one character or range in a class.
  if (segment[index] === ']') return undefined;
  for (; index < segment.length; index++) {
    if (segment[index] === '\\') index++;
    else if (segment[index] === ']') return index;
  }
  return undefined;
}

/** Converts the inside of a `[...]` class: `^` first negates, `a-z` is a range, `\` escapes. */
function classPattern(body: string): string {
  const negated = body.startsWith('^');
  let result = negated ? '[^' : '[';
  for (let index = negated ? 1 : 0; index < body.length; index++) {
    let character = body[index]!;
    if (character === '\\') character = body[++index] ?? '';
    else if (character === '-') {
      result += '-';
      continue;
    }
    result += /[\]\\^-]/.test(character) ? `\\${character}` : character;
  }
  return `${result}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, (match) => `\\${match}`);
}
