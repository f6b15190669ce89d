import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Gives the test run a temporary directory of its own, and removes it when
 * the run ends. Tests and the command lines they start write their projects
 * under `os.tmpdir()`, which reads `TMPDIR`, so nothing they write outlives
 * the run.
 */
export default function setup(): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'compose-lint-tests-'));
  process.env.TMPDIR = directory;

  return () => {
    try {
      rmSync(directory, { recursive: true, force: true });
    } catch (error) {
      console.warn(`could not remove the test run's temporary directory ${directory}: ${String(error)}`);
    }
  };
}
