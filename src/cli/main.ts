import { readFileSync } from 'node:fs';

import { lintedFiles } from '../engine/analysis.js';
import { DiskHost } from '../host.js';
import { lint } from '../lint.js';
import { formatJson } from '../output/json.js';
import { formatStylish } from '../output/stylish.js';
import { InputError } from '../project/errors.js';
import { parseArguments, usage, UsageError, type LintArguments } from './arguments.js';

/** Exit codes: the contract that CI scripts rely on. */
export const ExitCode = { clean: 0, findings: 1, error: 2 } as const;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
};

/** Runs the command line and returns the exit code; never throws. */
export function main(argv: string[], io: Io = processIo): number {
  let debug = argv.includes('--debug');
  try {
    const parsed = parseArguments(argv);
    if (parsed.command === 'help') {
      io.stdout(usage);
      return ExitCode.clean;
    }
    if (parsed.command === 'version') {
      io.stdout(`${readVersion()}\n`);
      return ExitCode.clean;
    }
    debug = parsed.debug;
    return runLint(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`compose-lint: ${error.message}\nRun "compose-lint --help" for usage.\n`);
      return ExitCode.error;
    }
    if (error instanceof InputError) {
      io.stderr(`compose-lint: ${error.message}\n`);
      return ExitCode.error;
    }

    const detail = debug && error instanceof Error ? `\n${error.stack}` : '';
    io.stderr(
      `compose-lint: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n` +
        (debug ? '' : 'Rerun with --debug to print the stack trace, and report it as a bug.\n'),
    );
    return ExitCode.error;
  }
}

function runLint(options: LintArguments, io: Io): number {
  const host = new DiskHost(io.cwd, io.env);
  const { analysis, findings } = lint(
    {
      path: options.path,
      files: options.files,
      projectDirectory: options.projectDirectory,
      projectName: options.projectName,
    },
    host,
  );

  if (options.format === 'json') {
    io.stdout(formatJson(findings, lintedFiles(analysis)));
  } else {
    const color = options.color ?? (io.isTTY && io.env.NO_COLOR === undefined);
    const report = formatStylish(findings, { cwd: io.cwd, color });
    if (report !== '') io.stdout(`${report}\n`);
  }

  return findings.some((finding) => finding.severity === 'error') ? ExitCode.findings : ExitCode.clean;
}

function readVersion(): string {
  const manifest = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
