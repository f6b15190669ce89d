import type { Finding } from '../engine/finding.js';

/**
 * Groups findings by file. The map has every file the run read, then every
 * other file a finding points into, and a file without findings has an
 * empty list.
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
