import type { Finding } from '../engine/finding.js';

/**
 * The findings of each file, for every file the run read and every file a
 * finding points into, in that order; a file without findings has an empty
 * list.
 */
export function groupByFile(findings: readonly Finding[], files: readonly string[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>(files.map((file) => [file, []]));
  for (const finding of findings) {
    const group = groups.get(finding.range.file);
    if (group === undefined) groups.set(finding.range.file, [finding]);
    else group.push(finding);
  }
  return groups;
}
