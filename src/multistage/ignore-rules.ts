import { posix } from 'node:path';

/**
 * Reads the patterns of a `.dockerignore` text as Docker's `ignorefile`
 * package does. A leading byte order mark is dropped, and lines starting with
 * `#` are comments. White space around a pattern and after `!` is trimmed,
 * and each pattern is cleaned as a slash path without a leading `/`.
 */
export function readIgnorePatterns(text: string): string[] {
  const patterns: string[] = [];
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = index === 0 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (line.startsWith('#')) continue;

    let pattern = line.trim();
    if (pattern === '') continue;

    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern !== '') {
      pattern = posix.normalize(pattern).replace(/\/$/, '');
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

/**
 * Rewrites the patterns of a context so that, applied to a parent directory,
 * they match the same files below `prefix` (a slash path relative to that
 * parent) and nothing outside it. A pattern that climbs out of its context
 * (`../x`) or is an empty `!` matches nothing there, so it is dropped.
 */
export function prefixIgnorePatterns(patterns: readonly string[], prefix: string): string[] {
  const prefixed: string[] = [];
  for (const written of patterns) {
    const invert = written.startsWith('!');
    const pattern = invert ? written.slice(1) : written;
    if (pattern === '' || pattern === '..' || pattern.startsWith('../')) continue;

    const joined = prefix === '' ? pattern : posix.join(prefix, pattern);
    prefixed.push(invert ? `!${joined}` : joined);
  }
  return prefixed;
}

/** One context's ignore patterns and where they come from, for `combineIgnoreFiles`. */
export interface IgnoreSource {
  /** The context directory relative to the new context, as a slash path; empty for the new context itself. */
  prefix: string;
  /** Path of the ignore file as messages show it. */
  displayPath: string;
  text: string;
}

/**
 * Writes one ignore file for a context that contains the given contexts side
 * by side: each context's patterns, prefixed with its directory, after a
 * comment naming the file they come from. The contexts must not be nested,
 * so each pattern only matches inside its own directory.
 */
export function combineIgnoreFiles(sources: readonly IgnoreSource[]): string {
  const sections = sources.map((source) => {
    const patterns = prefixIgnorePatterns(readIgnorePatterns(source.text), source.prefix);
    const scope = source.prefix === '' ? '' : `, applied to ${source.prefix}/`;
    return [`# From ${source.displayPath}${scope}`, ...patterns].join('\n');
  });
  return `${sections.join('\n\n')}\n`;
}
