import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';

import type { Fix } from '../engine/finding.js';
import { chooseFixes, type FixPass } from '../fix/apply.js';
import { creationDiff, deletionDiff, unifiedDiff } from '../fix/diff.js';
import { createFileExclusively, deleteFileIfUnchanged } from '../fix/files.js';
import { assertInside, resolveInside, writeFileAtomically } from '../fix/write.js';
import { DiskHost, DiskSnapshot } from '../host.js';
import type { FixLevel } from '../engine/analysis.js';
import type { Rule } from '../engine/rule.js';
import { lint, type LintOptions, type LintResult } from '../lint.js';
import { composeFileNames, InputError, overrideFileNames, type LoadOptions } from '../project/index.js';
import type { CommandArguments } from './arguments.js';
import { configOptions, loadOptions, type Io } from './io.js';
import { lintExitCode, writeLintReport } from './lint-report.js';
import { runPrintConfig } from './print-config.js';

/** ESLint's bound: fixes can enable other fixes, but a loop must end. */
const maxFixPasses = 10;

/** Files the chosen fixes create and delete over all passes. */
type FileChanges = Pick<FixPass, 'created' | 'deleted'>;

/**
 * Runs `lint`. `rules` replaces the built-in rules, so tests can run a rule
 * that throws or that changes a file while the command runs.
 */
export async function runLintCommand(options: CommandArguments, io: Io, rules?: readonly Rule[]): Promise<number> {
  if (options.printConfig !== undefined) return runPrintConfig(options, io);

  const overlay = new Map<string, string>();
  // Each file is read from disk once, so fixes apply to the text their
  // findings were computed on, and a file changed since then is not written.
  const host = new DiskHost(io.cwd, io.env, overlay, new DiskSnapshot());

  const load =
    options.stdinFilename === undefined
      ? loadOptions(options.project)
      : overlayStandardInput(options.stdinFilename, loadOptions(options.project), overlay, io);

  // Fixes are computed only where they are applied, shown or reported.
  let fixes: FixLevel = 'none';
  if (options.fix || options.fixDryRun || options.format === 'sarif') fixes = 'safe';
  if (options.unsafe) fixes = 'all';
  const lintOptions: LintOptions = { ...load, config: configOptions(options.config), fixes, rules };
  let result = lint(lintOptions, host);
  if (options.fix || options.fixDryRun) {
    const originals = new Map<string, string>();
    const applied: Fix[] = [];
    const changes: FileChanges = { created: new Map(), deleted: new Map() };
    const accept = (fix: Fix): boolean => fix.safety === 'safe' || (options.unsafe && fix.safety === 'unsafe');
    result = applyFixes(result, host, overlay, originals, applied, lintOptions, accept, changes);
    // Deleting the files a fix leaves unused is the user's call.
    const deleted = [...changes.deleted].filter(([, change]) => !change.optional || options.removeOld);

    if (options.fixDryRun) {
      for (const [file, original] of originals) {
        io.stdout(unifiedDiff(relative(io.cwd, file) || file, original, overlay.get(file)!));
      }
      for (const [file, text] of changes.created) io.stdout(creationDiff(relative(io.cwd, file) || file, text));
      for (const [file, change] of deleted) io.stdout(deletionDiff(relative(io.cwd, file) || file, change.text));
      return lintExitCode(result.findings, options, io);
    }

    // Created files come first, so a compose file never names a Dockerfile that is not there.
    const projectDirectory = result.analysis.project.workingDir;
    // Every path is checked before the first write, so a file outside the project leaves all files unchanged.
    for (const file of changes.created.keys()) assertInside(file, projectDirectory);
    for (const file of originals.keys()) resolveInside(file, projectDirectory);
    for (const [file] of deleted) assertInside(file, projectDirectory);

    for (const [file, text] of changes.created) createFileExclusively(file, text, projectDirectory);
    for (const [file, original] of originals) writeFileAtomically(file, overlay.get(file)!, original, projectDirectory);
    for (const [file, change] of deleted) deleteFileIfUnchanged(file, change.text, projectDirectory);
    const fileCount = originals.size + changes.created.size + deleted.length;
    if (applied.length > 0) {
      io.stderr(`compose-lint: applied ${applied.length} ${applied.length === 1 ? 'fix' : 'fixes'} to ${fileCount} ${fileCount === 1 ? 'file' : 'files'}\n`);
    }
  }

  await writeLintReport(result, options, io, host);
  return lintExitCode(result.findings, options, io);
}

/**
 * Applies the fixes `accept` chooses in passes until none is left, keeping
 * the new texts in `overlay` and the texts read before the first change in
 * `originals`. Created files are laid over the disk too, and recorded with
 * the deleted ones in `changes`. Returns the lint result of the fixed texts.
 */
function applyFixes(
  initial: LintResult,
  host: DiskHost,
  overlay: Map<string, string>,
  originals: Map<string, string>,
  applied: Fix[],
  load: LintOptions,
  accept: (fix: Fix) => boolean,
  changes: FileChanges,
): LintResult {
  let result = initial;
  for (let pass = 0; pass < maxFixPasses; pass++) {
    const chosen = chooseFixes(result.findings, (file) => host.readText(file), accept);
    if (chosen.texts.size === 0 && chosen.created.size === 0 && chosen.deleted.size === 0) break;

    for (const [file, text] of chosen.texts) {
      // A file created in an earlier pass is still created, with its new text.
      if (changes.created.has(file)) changes.created.set(file, text);
      else if (!originals.has(file)) originals.set(file, host.readText(file)!);
      overlay.set(file, text);
    }
    for (const [file, text] of chosen.created) {
      changes.created.set(file, text);
      overlay.set(file, text);
    }
    for (const [file, change] of chosen.deleted) changes.deleted.set(file, change);
    applied.push(...chosen.applied);
    result = lint(load, host);
  }
  return result;
}

/**
 * Lays standard input over the file at `filename` and returns the options
 * that load its project. PATH and `-f`, when given, name the project.
 * Otherwise a compose file of a default name loads its directory's project,
 * override file included. A YAML file of another name loads alone, as with
 * `-f`. Any other file is taken as a Dockerfile and loads the nearest
 * project at or above its directory. The report covers the whole project,
 * so the editor picks the findings of its file.
 */
function overlayStandardInput(filename: string, load: LoadOptions, overlay: Map<string, string>, io: Io): LoadOptions {
  const path = resolve(io.cwd, filename);
  let text: string;
  try {
    text = io.readStdin ? io.readStdin() : readFileSync(0, 'utf8');
  } catch (error) {
    throw new InputError(`failed to read standard input for ${path}: ${(error as Error).message}`, path);
  }
  overlay.set(path, text);

  if (load.path !== undefined || (load.files !== undefined && load.files.length > 0)) return load;

  const name = basename(path);
  if (composeFileNames.includes(name) || overrideFileNames.includes(name)) return { ...load, path: dirname(path) };
  if (/\.ya?ml$/i.test(name)) return { ...load, path };
  return { ...load, path: dirname(path) };
}
