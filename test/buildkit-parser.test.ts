import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { dumpInstructions, parseDockerfile } from '../src/dockerfile/index.js';

// BuildKit's parser tests: each directory of
// `frontend/dockerfile/parser/testfiles` in a moby/buildkit checkout contains
// a Dockerfile and the `result` that BuildKit's parser dumps for it. Each
// directory of the sibling `testfiles-negative` contains a Dockerfile that the
// parser rejects. They are not part of this repository, so these tests run
// only when BUILDKIT_TESTFILES points at a checkout's `testfiles` directory.
const testfiles = process.env.BUILDKIT_TESTFILES;
if (testfiles === undefined) {
  console.warn(
    'BuildKit parser testfiles skipped: set BUILDKIT_TESTFILES to the frontend/dockerfile/parser/testfiles ' +
      'directory of a moby/buildkit checkout to run them.',
  );
}

function caseDirectories(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'Dockerfile')))
    .map((entry) => entry.name)
    .sort();
}

describe.skipIf(testfiles === undefined)('BuildKit parser testfiles (BUILDKIT_TESTFILES)', () => {
  const root = testfiles ?? '';
  const cases = testfiles === undefined ? [] : caseDirectories(root);

  test('testfiles directory has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  test.each(cases)('%s matches the result', (name) => {
    const path = join(root, name, 'Dockerfile');
    const model = parseDockerfile(readFileSync(path, 'utf8'), path);
    const expected = readFileSync(join(root, name, 'result'), 'utf8').replace(/\r\n/g, '\n');
    expect(`${dumpInstructions(model)}\n`).toBe(expected);
  });

  const negativeRoot = join(root, '..', 'testfiles-negative');
  const negativeCases = testfiles !== undefined && existsSync(negativeRoot) ? caseDirectories(negativeRoot) : [];

  test.each(negativeCases)('%s is a syntax error', (name) => {
    const path = join(negativeRoot, name, 'Dockerfile');
    const model = parseDockerfile(readFileSync(path, 'utf8'), path);
    expect(model.findings.map((finding) => finding.ruleId)).toContain('dockerfile-syntax');
  });
});
