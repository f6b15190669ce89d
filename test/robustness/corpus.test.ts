import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { describe, it } from 'vitest';

import { runWithLimits, type RunLimits } from '../support/cli.js';
import { writeCase, type RobustnessCase } from './case.js';
import { dockerfileCases } from './dockerfile-cases.js';
import { fileCases } from './file-cases.js';
import { interpolationCases } from './interpolation-cases.js';
import { yamlCases } from './yaml-cases.js';

/**
 * Limits of one run of the command line. The largest case, a 10 MB compose
 * file, took 5 to 11 seconds and about 600 MB of memory on a 2-core Linux
 * machine, alone and beside the other cases.
 */
const limits: RunLimits = { timeout: 30_000, heapMegabytes: 1024, maxBuffer: 16 * 1024 * 1024 };

/** ESLint's JSON format, which `--format json` prints. */
type JsonReport = Array<{
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; column: number; message: string }>;
}>;

const cases: RobustnessCase[] = [...yamlCases, ...fileCases, ...interpolationCases, ...dockerfileCases];

describe('bad input', () => {
  it.concurrent.for(cases)('$name', { timeout: 2 * limits.timeout }, async (testCase, { expect, onTestFinished, skip }) => {
    const root = writeCase(testCase);
    // The large cases write megabytes, so every case removes its directory.
    onTestFinished(() => rmSync(dirname(root), { recursive: true, force: true }));
    const reason = testCase.prepare?.(root);
    if (reason !== undefined) skip(reason);

    const result = await runWithLimits(['lint', '--format', 'json', ...(testCase.args ?? [])], root, limits);
    expect(result.exceeded).toBeUndefined();

    const expected = testCase.expected;
    if ('exit' in expected && expected.exit === 2) {
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(join(root, expected.file));
      expect(result.stderr).toMatch(expected.message);
      return;
    }

    const findings = (JSON.parse(result.stdout) as JsonReport).flatMap((file) =>
      file.messages.map((message) => ({
        position: `${relative(root, file.filePath)}:${message.line}:${message.column} ${message.ruleId}`,
        message: message.message,
      })),
    );
    if ('clean' in expected) {
      expect(findings).toEqual([]);
      expect(result.status).toBe(0);
      return;
    }

    expect(findings.map((finding) => finding.position)).toContain(expected.finding);
    if (expected.message !== undefined) {
      const messages = findings.filter((finding) => finding.position === expected.finding).map((finding) => finding.message);
      expect(messages.some((message) => expected.message!.test(message)), messages.join('\n')).toBe(true);
    }
    expect(result.status).toBe(expected.exit ?? 1);
  });
});
