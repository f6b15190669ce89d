import { groupByFile } from './group.js';
import type { Report } from './report.js';
import { attributes } from './xml.js';

/**
 * Formats Checkstyle XML as ESLint's `checkstyle` formatter writes it, for
 * tools such as Jenkins Warnings and reviewdog. Each linted file is one
 * `<file>` with its absolute path. Each finding is one `<error>` with line,
 * column, severity (`error`, `warning` or `info`), message, and `source` set
 * to `compose-lint.RULE`.
 */
export function formatCheckstyle(report: Report): string {
  const files = [...groupByFile(report.findings, report.files)].map(([file, findings]) => {
    const errors = findings.map((finding) => {
      const values = {
        line: finding.range.start.line,
        column: finding.range.start.column,
        severity: finding.severity,
        message: finding.message,
        source: `compose-lint.${finding.ruleId}`,
      };
      return `    <error ${attributes(values)}/>\n`;
    });
    return `  <file ${attributes({ name: file })}>\n${errors.join('')}  </file>\n`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n${files.join('')}</checkstyle>\n`;
}
