import { isAbsolute, relative } from 'node:path';

import { memoized } from '../memo.js';
import type { SourceRange } from '../source.js';
import type { Analysis } from './analysis.js';

/** A file path as messages show it: relative to the project directory when inside it. */
export function displayPath(analysis: Analysis, file: string): string {
  const paths = memoized(displayPaths, analysis, () => new Map<string, string>());
  return memoized(paths, file, () => {
    const path = relative(analysis.project.workingDir, file);
    return path === '' || path.startsWith('..') || isAbsolute(path) ? file : path;
  });
}

/**
 * The display paths of each analysis by file. Messages name the same few
 * files thousands of times, such as the compose file of every producer.
 */
const displayPaths = new WeakMap<Analysis, Map<string, string>>();

/** `path:line:column` of a range, for messages that point at a second place. */
export function displayLocation(analysis: Analysis, range: SourceRange): string {
  return `${displayPath(analysis, range.file)}:${range.start.line}:${range.start.column}`;
}

/** `a, b or c`, for listing alternatives in messages. */
export function listAlternatives(items: string[], conjunction = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate closest to `name`, when it is close enough to be a likely typo. */
export function closestMatch(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}
