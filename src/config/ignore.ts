import { isAbsolute, relative, sep } from 'node:path';

import picomatch from 'picomatch';

import type { IgnorePattern } from './types.js';

type Matcher = (path: string) => boolean;

const matchers = new Map<string, Matcher>();

/**
 * Tells whether a file matches one of the ignore patterns. A pattern is a
 * glob (`*`, `**`, `?`, `[...]`, `{a,b}`) matched with picomatch against the
 * file's path relative to the pattern's base directory, with `/` as
 * separator. Dot files match like any other file, and a pattern ending in `/`
 * matches everything below that directory. A file outside the base directory
 * matches no pattern.
 */
export function isIgnored(file: string, patterns: readonly IgnorePattern[]): boolean {
  return patterns.some(({ pattern, base }) => {
    const path = relative(base, file);
    if (path === '' || path.startsWith('..') || isAbsolute(path)) return false;
    return compilePattern(pattern)(path.split(sep).join('/'));
  });
}

function compilePattern(pattern: string): Matcher {
  let matcher = matchers.get(pattern);
  if (matcher === undefined) {
    const normalized = pattern.replace(/^\.\//, '').replace(/\/$/, '/**');
    matcher = picomatch(normalized, { dot: true });
    matchers.set(pattern, matcher);
  }
  return matcher;
}
