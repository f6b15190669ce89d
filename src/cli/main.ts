import type { Rule } from '../engine/rule.js';
import { WriteRejected } from '../fix/write.js';
import { InputError } from '../project/errors.js';
import { parseArguments, usage, UsageError } from './arguments.js';
import { runGraphCommand } from './graph-command.js';
import { ExitCode, readVersion, type Io } from './io.js';
import { runLintCommand } from './lint-command.js';
import { CycleError, runOrderCommand } from './order-command.js';
import { runPlanCommand } from './plan-command.js';
import { runRulesCommand } from './rules-command.js';

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
};

/** What a caller of `main` may replace besides its input and output. */
export interface MainOptions {
  /** Rules that `lint` runs in place of the built-in ones, for tests. */
  rules?: readonly Rule[];
}

/** Runs the command line and resolves to the exit code; never rejects. */
export async function main(argv: string[], io: Io = processIo, options: MainOptions = {}): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    if (argv[0] === 'lsp') {
      // Loaded on demand, so the other commands do not load the language server library.
      const { runLanguageServer } = await import('../lsp/server.js');
      return await runLanguageServer(argv.slice(1));
    }

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
    switch (parsed.command) {
      case 'lint':
        return await runLintCommand(parsed, io, options.rules);
      case 'plan':
        return runPlanCommand(parsed, io);
      case 'order':
        return runOrderCommand(parsed, io);
      case 'graph':
        return await runGraphCommand(parsed, io);
      case 'rules':
        return runRulesCommand(parsed, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`compose-lint: ${error.message}\nRun "compose-lint --help" for usage.\n`);
      return ExitCode.error;
    }
    if (error instanceof InputError || error instanceof WriteRejected || error instanceof CycleError) {
      io.stderr(`compose-lint: ${error.message}\n`);
      return ExitCode.error;
    }

    const detail = debug && error instanceof Error ? `\n${error.stack}` : '';
    // One line without --debug, whatever the message contains.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
    io.stderr(
      `compose-lint: internal error: ${message}${detail}\n` +
        (debug ? '' : 'Rerun with --debug to print the stack trace, and report it as a bug.\n'),
    );
    return ExitCode.error;
  }
}
