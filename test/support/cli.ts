import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'vitest';

export const repository = fileURLToPath(new URL('../..', import.meta.url));
const binary = join(repository, 'bin/compose-lint.js');

/** Runs the built command line as a user would, with a clean environment. */
export function run(args: string[], cwd = repository) {
  const result = spawnSync(process.execPath, [binary, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Limits of one run of the command line. */
export interface RunLimits {
  /** Milliseconds before the process is killed. */
  timeout: number;
  /** Megabytes of JavaScript heap, past which Node.js aborts the process. */
  heapMegabytes: number;
  /** Bytes of standard output, and of standard error, past which the process is killed. */
  maxBuffer: number;
}

export interface LimitedRun {
  /** Exit code, or `null` when a signal ended the process. */
  status: number | null;
  stdout: string;
  stderr: string;
  /** The limit that stopped the process, if one did. */
  exceeded: 'timeout' | 'output' | undefined;
}

/**
 * Runs the built command line as `run` does, without blocking, so runs can
 * overlap, and within `limits`: a process that takes too long or prints too
 * much is killed, and one that needs too much memory aborts.
 */
export function runWithLimits(args: string[], cwd: string, limits: RunLimits): Promise<LimitedRun> {
  // `--` ends Node.js's own options: Node.js 20 would read compose-lint's `--env-file` as its own.
  const nodeArguments = [`--max-old-space-size=${limits.heapMegabytes}`, '--', binary, ...args];
  const options = {
    cwd,
    encoding: 'utf8' as const,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    timeout: limits.timeout,
    maxBuffer: limits.maxBuffer,
    killSignal: 'SIGKILL' as const,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, nodeArguments, options, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ status: 0, stdout, stderr, exceeded: undefined });
        return;
      }

      // A non-zero exit code is an error here too, with the code in `code`.
      const code = (error as NodeJS.ErrnoException).code as unknown;
      let exceeded: LimitedRun['exceeded'];
      if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') exceeded = 'output';
      else if (error.killed) exceeded = 'timeout';
      resolve({ status: typeof code === 'number' ? code : null, stdout, stderr, exceeded });
    });
  });
}

/** Copies a fixture project into a new temporary directory of the same name, so fixes can write. */
export function copyFixture(relativePath: string): string {
  const source = join(repository, relativePath);
  const target = join(mkdtempSync(join(tmpdir(), 'compose-lint-')), basename(source));
  cpSync(source, target, { recursive: true });
  return target;
}

/**
 * Compares text with a file under test/golden. Set UPDATE_GOLDEN=1 to
 * rewrite the file from the output, then review the change like code.
 */
export function expectGolden(text: string, name: string): void {
  const path = join(repository, 'test/golden', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}
