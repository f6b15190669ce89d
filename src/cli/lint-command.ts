import { relative } from 'node:path';

import { lintedFiles } from '../engine/analysis.js';
import type { Finding, Fix } from '../engine/finding.js';
import { chooseFixes } from '../fix/apply.js';
import { unifiedDiff } from '../fix/diff.js';
import { writeFileAtomically } from '../fix/write.js';
import { DiskHost } from '../host.js';
import { internalErrorId } from '../engine/run.js';
import { lint, type LintResult } from '../lint.js';
import { formatJson } from '../output/json.js';
import { formatStylish } from '../output/stylish.js';
import type { CommandArguments } from './arguments.js';
import { ExitCode, loadOptions, type Io } from './io.js';

/** ESLint's bound: fixes can enable other fixes, but a loop must end. */
const maxFixPasses = 10;

export function runLintCommand(options: CommandArguments, io: Io): number {
  const overlay = new Map<string, string>();
  const host = new DiskHost(io.cwd, io.env, overlay);

  let result = lint(loadOptions(options.project), host);
  if (options.fix || options.fixDryRun) {
    const originals = new Map<string, string>();
    const applied: Fix[] = [];
    result = applyFixes(result, host, overlay, originals, applied, options);

    if (options.fixDryRun) {
      for (const [file, original] of originals) {
        io.stdout(unifiedDiff(relative(io.cwd, file) || file, original, overlay.get(file)!));
      }
      return exitCode(result.findings);
    }

    for (const [file, original] of originals) writeFileAtomically(file, overlay.get(file)!, original);
    if (applied.length > 0) {
      io.stderr(`compose-lint: applied ${applied.length} ${applied.length === 1 ? 'fix' : 'fixes'} to ${originals.size} ${originals.size === 1 ? 'file' : 'files'}\n`);
    }
  }

  report(result, options, io);
  return exitCode(result.findings);
}

/**
 * Applies safe fixes in passes until none is left, keeping the new texts in
 * `overlay` and the texts read before the first change in `originals`.
 * Returns the lint result of the fixed texts.
 */
function applyFixes(
  initial: LintResult,
  host: DiskHost,
  overlay: Map<string, string>,
  originals: Map<string, string>,
  applied: Fix[],
  options: CommandArguments,
): LintResult {
  let result = initial;
  for (let pass = 0; pass < maxFixPasses; pass++) {
    const chosen = chooseFixes(result.findings, (file) => host.readText(file), (fix) => fix.safety === 'safe');
    if (chosen.texts.size === 0) break;

    for (const [file, text] of chosen.texts) {
      if (!originals.has(file)) originals.set(file, host.readText(file)!);
      overlay.set(file, text);
    }
    applied.push(...chosen.applied);
    result = lint(loadOptions(options.project), host);
  }
  return result;
}

function report(result: LintResult, options: CommandArguments, io: Io): void {
  if (options.format === 'json') {
    io.stdout(formatJson(result.findings, lintedFiles(result.analysis)));
    return;
  }
  const color = options.color ?? (io.isTTY && io.env.NO_COLOR === undefined);
  const text = formatStylish(result.findings, { cwd: io.cwd, color });
  if (text !== '') io.stdout(`${text}\n`);
}

function exitCode(findings: Finding[]): number {
  if (findings.some((finding) => finding.ruleId === internalErrorId)) return ExitCode.error;
  return findings.some((finding) => finding.severity === 'error') ? ExitCode.findings : ExitCode.clean;
}
