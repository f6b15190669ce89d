import { resolve } from 'node:path';

import { rules } from '../../rules/index.js';
import { lintedFiles } from '../engine/analysis.js';
import type { Finding } from '../engine/finding.js';
import { internalErrorId } from '../engine/run.js';
import { WriteRejected } from '../fix/write.js';
import type { Host } from '../host.js';
import type { LintResult } from '../lint.js';
import { loadFormatter, type LintFormat } from '../output/formats.js';
import type { CommandArguments } from './arguments.js';
import { ExitCode, readVersion, type Io } from './io.js';
import { writeReportFile } from './output-file.js';

/**
 * Prints the lint report in the chosen format, to standard output or, with
 * `--output-file`, to that file, leaving standard output empty. `--quiet`
 * keeps only error findings.
 */
export async function writeLintReport(result: LintResult, options: CommandArguments, io: Io, host: Host): Promise<void> {
  const reported = options.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings;
  const findings = reported.map(escapeControlCharacters);
  const toFile = options.outputFile !== undefined;

  const formatter = await loadFormatter(options.format as LintFormat);
  const text = formatter({
    findings,
    files: lintedFiles(result.analysis),
    rules: rules.map((rule) => rule.meta),
    cwd: io.cwd,
    version: readVersion(),
    color: options.color ?? (!toFile && io.isTTY && io.env.NO_COLOR === undefined),
    readText: (file) => host.readText(file),
  });

  if (options.outputFile === undefined) {
    if (text !== '') io.stdout(text);
    return;
  }

  const path = resolve(io.cwd, options.outputFile);
  try {
    writeReportFile(path, text);
  } catch (error) {
    throw new WriteRejected(`cannot write the report to ${path}: ${(error as Error).message}`);
  }
}

/** C0 and C1 control characters other than tab and line feed, of which terminal escape sequences are made. */
const controlCharacter = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** The same characters without the global flag, whose `test` keeps no position between calls. */
const anyControlCharacter = new RegExp(controlCharacter.source);

/**
 * Writes the control characters in the messages of a finding as `\u`
 * escapes. Messages quote the input, such as an unknown Dockerfile
 * instruction, and a report printed to a terminal must not carry escape
 * sequences from the input.
 */
function escapeControlCharacters(finding: Finding): Finding {
  // A finding without any is passed on as it is: copying every finding and related location costs more than the test.
  const hasControlCharacter =
    anyControlCharacter.test(finding.message) || finding.related?.some((location) => anyControlCharacter.test(location.message)) === true;
  if (!hasControlCharacter) return finding;

  const escape = (text: string): string =>
    text.replace(controlCharacter, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const escaped: Finding = { ...finding, message: escape(finding.message) };
  if (finding.related !== undefined) escaped.related = finding.related.map((location) => ({ ...location, message: escape(location.message) }));
  return escaped;
}

/**
 * Returns the exit code of a lint run: 2 for an internal error, 1 for an
 * error finding or, with `--max-warnings N`, for more than N warnings, and 0
 * otherwise. Warnings are counted before `--quiet` drops them, as ESLint
 * counts them.
 */
export function lintExitCode(findings: readonly Finding[], options: Pick<CommandArguments, 'maxWarnings'>, io: Io): number {
  if (findings.some((finding) => finding.ruleId === internalErrorId)) return ExitCode.error;
  if (findings.some((finding) => finding.severity === 'error')) return ExitCode.findings;

  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`compose-lint: ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, more than --max-warnings ${options.maxWarnings} allows\n`);
    return ExitCode.findings;
  }
  return ExitCode.clean;
}
