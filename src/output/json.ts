import type { Finding } from '../engine/finding.js';

/** One message in ESLint's JSON format. */
export interface EslintMessage {
  ruleId: string;
  /** ESLint's scale: 1 for a warning (and an info), 2 for an error. */
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface EslintFileResult {
  filePath: string;
  messages: EslintMessage[];
  errorCount: number;
  warningCount: number;
}

/**
 * ESLint's `--format json` shape, so CI tools that read ESLint reports read
 * ours. File paths are absolute, as ESLint writes them, and every linted
 * file is listed, with or without messages.
 *
 * NOTE: ESLint has no info level; info findings appear with severity 1 but
 * are not counted in `warningCount`.
 */
export function formatJson(findings: Finding[], lintedFiles: string[]): string {
  const byFile = new Map<string, EslintFileResult>();
  for (const filePath of lintedFiles) {
    byFile.set(filePath, { filePath, messages: [], errorCount: 0, warningCount: 0 });
  }

  for (const finding of findings) {
    const filePath = finding.range.file;
    let result = byFile.get(filePath);
    if (result === undefined) {
      result = { filePath, messages: [], errorCount: 0, warningCount: 0 };
      byFile.set(filePath, result);
    }

    result.messages.push({
      ruleId: finding.ruleId,
      severity: finding.severity === 'error' ? 2 : 1,
      message: finding.message,
      line: finding.range.start.line,
      column: finding.range.start.column,
      endLine: finding.range.end.line,
      endColumn: finding.range.end.column,
    });
    if (finding.severity === 'error') result.errorCount++;
    if (finding.severity === 'warning') result.warningCount++;
  }

  return `${JSON.stringify([...byFile.values()], null, 2)}\n`;
}
