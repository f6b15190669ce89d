import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The text of a file, or a function that builds a large one when the case runs. */
export type Content = string | Buffer | (() => string | Buffer);

/** What `compose-lint lint` must do with one bad input. */
export type Outcome =
  | {
      /** `path:line:column rule-id`, with the path relative to the project directory. */
      finding: string;
      /** Part of the finding's message, where the rule id alone does not show the cause. */
      message?: RegExp;
      /** Exit code: 1 by default, 0 when every finding is a warning. */
      exit?: 0 | 1;
    }
  /** No finding at all, and exit code 0. */
  | { clean: true }
  /** Exit code 2, and one line on standard error that names `file`, relative to the project directory. */
  | { exit: 2; file: string; message: RegExp };

/** One bad input: the files of a project and what compose-lint must do with them. */
export interface RobustnessCase {
  /** The class of input and the case. */
  name: string;
  /** Files by path relative to the project directory. */
  files: Record<string, Content>;
  /** Arguments after `lint --format json`; without them the project directory is linted. */
  args?: string[];
  /**
   * Sets up what `files` cannot: symbolic links, directories and modes.
   * Returns why the case cannot run on this machine, or nothing.
   */
  prepare?: (root: string) => string | undefined;
  expected: Outcome;
}

/** Writes the files of a case to a new directory named `project` and returns its path. */
export function writeCase(testCase: RobustnessCase): string {
  const root = join(mkdtempSync(join(tmpdir(), 'compose-lint-robustness-')), 'project');
  mkdirSync(root);
  for (const [path, content] of Object.entries(testCase.files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, typeof content === 'function' ? content() : content);
  }
  return root;
}

/** Returns a compose file whose only service `app` has `buildLines` under `build:`. */
export function composeWithBuild(...buildLines: string[]): string {
  return ['services:', '  app:', '    build:', ...buildLines.map((line) => `      ${line}`), ''].join('\n');
}
