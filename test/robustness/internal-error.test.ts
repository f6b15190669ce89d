import { describe, expect, it } from 'vitest';

import { rules } from '../../rules/index.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { Rule } from '../../src/engine/rule.js';
import { writeProject } from '../support/project.js';

/** A rule with a bug: it throws on every project. */
const failingRule: Rule = {
  meta: { id: 'failing-rule', severity: 'error', description: 'Throws, as a rule with a bug does.', fixable: false },
  check() {
    throw new Error('rule failed\n  while reading the project');
  },
};

/** Runs `compose-lint ARGS` in-process on a small valid project, with the failing rule among the rules. */
async function runWithFailingRule(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = writeProject({ 'compose.yaml': 'services:\n  app:\n    build: .\n', Dockerfile: 'FROM alpine\n' });
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd: root,
    env: {},
    isTTY: false,
  };
  const code = await main(['lint', ...args], io, { rules: [...rules, failingRule] });
  return { code, stdout, stderr };
}

describe('internal error', () => {
  it('exits with 2', async () => {
    expect((await runWithFailingRule([])).code).toBe(2);
  });

  it('prints one line and a hint', async () => {
    const { stdout, stderr } = await runWithFailingRule([]);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'compose-lint: internal error: rule failed while reading the project\n' +
        'Rerun with --debug to print the stack trace, and report it as a bug.\n',
    );
  });

  it('prints the stack with --debug', async () => {
    const { code, stderr } = await runWithFailingRule(['--debug']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^compose-lint: internal error: rule failed while reading the project\nError: rule failed\n/);
    expect(stderr).toMatch(/\n {4}at .*internal-error\.test\.ts/);
    expect(stderr).not.toContain('Rerun with --debug');
  });
});
