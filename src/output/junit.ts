import { ruleDocsUrl } from '../engine/rule.js';
import { groupByFile } from './group.js';
import { relativePath, type Report } from './report.js';
import { attributes, escapeText } from './xml.js';

/**
 * Formats JUnit XML, as CI servers (GitLab, Jenkins, Azure Pipelines) read test
 * reports: one `<testsuite>` per linted file and one `<testcase>` per
 * finding, failed with `type` set to the rule id. A file without findings
 * has one passing test case, so that it still counts as checked. Paths are
 * relative to the working directory.
 */
export function formatJunit(report: Report): string {
  const groups = groupByFile(report.findings, report.files);
  const suites: string[] = [];
  let tests = 0;

  for (const [file, findings] of groups) {
    const path = relativePath(report.cwd, file);
    const cases = findings.map((finding) => {
      const { start, end } = finding.range;
      const location = `${path}:${start.line}:${start.column}`;
      const detail = `${finding.severity} at ${location}-${end.line}:${end.column}\n${finding.message}\nRule: ${finding.ruleId} (${ruleDocsUrl(finding.ruleId)})`;
      return (
        `    <testcase ${attributes({ name: `${location} ${finding.ruleId}`, classname: path })}>\n` +
        `      <failure ${attributes({ type: finding.ruleId, message: finding.message })}>${escapeText(detail)}</failure>\n` +
        '    </testcase>\n'
      );
    });
    if (cases.length === 0) cases.push(`    <testcase ${attributes({ name: path, classname: path })}/>\n`);

    tests += cases.length;
    const suite = attributes({ name: path, tests: cases.length, failures: findings.length, errors: 0, skipped: 0 });
    suites.push(`  <testsuite ${suite}>\n${cases.join('')}  </testsuite>\n`);
  }

  const summary = attributes({ name: 'compose-lint', tests, failures: report.findings.length, errors: 0 });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${summary}>\n${suites.join('')}</testsuites>\n`;
}
