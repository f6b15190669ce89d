import { groupByFile } from './group.js';
import type { Report } from './report.js';
import { attributes } from './xml.js';

/**
 * Checkstyle XML, as ESLint's `checkstyle` formatter writes it and tools such
 * as Jenkins Warnings and reviewdog read it: one `<file>` per linted file
 * with its absolute path, and one `<error>` per finding with line, column,
 * severity (`error`, `warning` or `info`), message, and `source` set to
 * `compose-lint.RULE`.
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
