import type { Finding } from '../engine/finding.js';
import { createSha256 } from '../sha256.js';
import { relativePath } from './report.js';

/**
 * Stable identities of findings, for tools that track a finding across runs
 * (GitLab Code Quality, GitHub code scanning). Each is a SHA-256 of the rule
 * id, the file path relative to `cwd`, and the source text the finding
 * covers (the whole line for an empty range) with white space collapsed. No
 * line or column goes in, so an edit elsewhere in the file keeps it. Findings
 * with the same three parts are distinguished by their order in the file.
 *
 * Returns one fingerprint per finding, in the order given.
 */
export function fingerprintFindings(findings: readonly Finding[], cwd: string, readText: (file: string) => string | undefined): string[] {
  const texts = new Map<string, string | undefined>();
  const occurrences = new Map<string, number>();

  return findings.map((finding) => {
    const file = finding.range.file;
    if (!texts.has(file)) texts.set(file, readText(file));
    const source = sourceText(texts.get(file) ?? '', finding);

    const key = [finding.ruleId, relativePath(cwd, file), source].join('\0');
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return createSha256().update(`${key}\0${occurrence}`).digest('hex');
  });
}

function sourceText(text: string, finding: Finding): string {
  const { start, end } = finding.range;
  let source = text.slice(start.offset, end.offset);
  if (source.trim() === '') {
    const lineStart = text.lastIndexOf('\n', start.offset - 1) + 1;
    const lineEnd = text.indexOf('\n', start.offset);
    source = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  }
  return source.trim().replace(/\s+/g, ' ');
}
