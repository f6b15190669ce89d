import type { Severity } from '../engine/finding.js';
import { relativePath, type Report } from './report.js';

const commands: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * Formats GitHub Actions workflow commands, one per finding, which GitHub shows as
 * annotations on the pull request:
 * `::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE::message`.
 * Info findings are `::notice`. Paths are relative to the working directory,
 * which in a workflow is the repository checkout.
 */
export function formatGithub(report: Report): string {
  return report.findings
    .map((finding) => {
      const { start, end } = finding.range;
      const properties = [
        ['file', relativePath(report.cwd, finding.range.file)],
        ['line', String(start.line)],
        ['col', String(start.column)],
        ['endLine', String(end.line)],
        ['endColumn', String(end.column)],
        ['title', finding.ruleId],
      ]
        .map(([name, value]) => `${name}=${escapeProperty(value!)}`)
        .join(',');
      return `::${commands[finding.severity]} ${properties}::${escapeData(finding.message)}\n`;
    })
    .join('');
}

/** Escapes a command's message as the Actions runner reads it (`escapeData` in `@actions/core`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property, where `:` and `,` also end the value (`escapeProperty` in `@actions/core`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
