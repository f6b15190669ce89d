import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../package-root.js';
import { InputError } from '../project/errors.js';
import type { ConfigOptions } from '../config/types.js';
import type { LoadOptions } from '../project/types.js';
import type { ConfigArguments, ProjectArguments } from './arguments.js';

/** Exit codes: the contract that CI scripts rely on. */
export const ExitCode = { clean: 0, findings: 1, error: 2 } as const;

/** What a command reads from and writes to; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
  /** Reads all of standard input for `lint --stdin`; when unset, the command reads file descriptor 0. */
  readStdin?: () => string;
}

export function loadOptions(project: ProjectArguments): LoadOptions {
  return {
    path: project.path,
    files: project.files,
    projectDirectory: project.projectDirectory,
    projectName: project.projectName,
    profiles: project.profiles,
    envFiles: project.envFiles,
    compatibility: project.compatibility,
    stdin: project.files.includes('-') ? readComposeStdin() : undefined,
  };
}

let composeStdin: string | undefined;

/**
 * Reads standard input for `-f -` once: a command that loads the project
 * again, such as `lint --fix`, gets the same text.
 */
function readComposeStdin(): string {
  if (composeStdin !== undefined) return composeStdin;
  try {
    composeStdin = readFileSync(0, 'utf8');
  } catch (error) {
    throw new InputError(`failed to read the compose file for -f - from standard input: ${(error as Error).message}`);
  }
  return composeStdin;
}

export function configOptions(config: ConfigArguments): ConfigOptions {
  return config.file === undefined ? { rules: config.rules } : { file: config.file, rules: config.rules };
}

export function readVersion(): string {
  const manifest = join(packageRoot(), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
