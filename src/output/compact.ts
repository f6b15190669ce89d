import { relativePath, singleLine, type Report } from './report.js';

/**
 * Formats one line per finding, `path:line:column: severity message [rule]`, which
 * editors and `grep`-style tools read as a quickfix list. Paths are relative
 * to the working directory.
 */
export function formatCompact(report: Report): string {
  return report.findings
    .map((finding) => {
      const { start } = finding.range;
      const path = relativePath(report.cwd, finding.range.file);
      return `${path}:${start.line}:${start.column}: ${finding.severity} ${singleLine(finding.message)} [${finding.ruleId}]\n`;
    })
    .join('');
}
