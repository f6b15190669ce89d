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
  const findings = options.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings;
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
