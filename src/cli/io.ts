import { readFileSync } from 'node:fs';

import type { LoadOptions } from '../project/types.js';
import type { ProjectArguments } from './arguments.js';

/** Exit codes: the contract that CI scripts rely on. */
export const ExitCode = { clean: 0, findings: 1, error: 2 } as const;

/** What a command reads from and writes to; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
}

export function loadOptions(project: ProjectArguments): LoadOptions {
  return {
    path: project.path,
    files: project.files,
    projectDirectory: project.projectDirectory,
    projectName: project.projectName,
  };
}

export function readVersion(): string {
  const manifest = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
