import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { parseDockerfile } from '../src/dockerfile/index.js';
import { modelSubset } from './support/model-subset.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/dockerfiles');

// One fixture per class of construct: `<class>.Dockerfile` and the model
// subset `<class>.expected.json` that BuildKit's parser rules give for it.
const classes = readdirSync(fixtures)
  .filter((name) => name.endsWith('.expected.json'))
  .map((name) => name.slice(0, -'.expected.json'.length))
  .sort();

describe('Dockerfile model fixtures', () => {
  test('every class has a fixture', () => {
    expect(classes).toEqual([
      'arg-declarations',
      'bom-crlf',
      'directive-after-comment',
      'directives',
      'env-label',
      'escaped-escape',
      'exec-form',
      'flags',
      'heredocs',
      'unsupported',
    ]);
  });

  test.each(classes)('%s matches its expected model', (name) => {
    const path = join(fixtures, `${name}.Dockerfile`);
    const expected: unknown = JSON.parse(readFileSync(join(fixtures, `${name}.expected.json`), 'utf8'));
    expect(modelSubset(parseDockerfile(readFileSync(path, 'utf8'), path))).toEqual(expected);
  });
});
