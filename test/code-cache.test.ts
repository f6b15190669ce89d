import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { repository } from './support/cli.js';

const build = 'a'.repeat(40);

/** Writes a CommonJS module ending with a build comment, as `scripts/bundle.mjs` does. */
function writeModule(identifier: string | null = build): string {
  const directory = mkdtempSync(join(tmpdir(), 'compose-lint-code-cache-'));
  const file = join(directory, 'module.cjs');
  const comment = identifier === null ? '' : `// build ${identifier}\n`;
  writeFileSync(file, `exports.sum = (a, b) => a + b;\nexports.file = __filename;\n${comment}`);
  return file;
}

interface Run {
  accepted: boolean;
  sum: number;
  file: string;
}

/** A script that runs a module with the built loader, saves the cache and prints what happened. */
const runner = join(mkdtempSync(join(tmpdir(), 'compose-lint-code-cache-')), 'run.mjs');
writeFileSync(
  runner,
  `import { runWithCodeCache } from ${JSON.stringify(join(repository, 'dist/bundle/code-cache.cjs'))};\n` +
    'const loaded = runWithCodeCache(process.argv[2], process.argv[3]);\n' +
    'loaded.saveCache();\n' +
    'console.log(JSON.stringify({ accepted: loaded.cacheAccepted, sum: loaded.exports.sum(2, 3), file: loaded.exports.file }));\n',
);

/**
 * Runs the module in a new Node.js process, because V8 reuses the code it
 * compiled for the same text within one process and then ignores the cache.
 */
function run(file: string, cacheFile = `${file}.cache`, nodeOptions: string[] = []): Run {
  const { NODE_OPTIONS: _, ...env } = process.env;
  const result = spawnSync(process.execPath, [...nodeOptions, runner, file, cacheFile], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`the loader exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Run;
}

describe('runWithCodeCache', () => {
  it('runs a module without a cache', () => {
    expect(run(writeModule())).toEqual({ accepted: false, sum: 5, file: expect.stringMatching(/module\.cjs$/) });
  });

  it('uses the cache it saved', () => {
    const file = writeModule();
    run(file);
    expect(run(file).accepted).toBe(true);
  });

  it('ignores a cache made for another build', () => {
    const file = writeModule();
    run(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(build, 'b'.repeat(40)));
    expect(run(file).accepted).toBe(false);
  });

  it('replaces a cache made for another build', () => {
    const file = writeModule();
    run(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(build, 'b'.repeat(40)));
    run(file);
    expect(run(file).accepted).toBe(true);
  });

  it('survives a corrupt cache', () => {
    const file = writeModule();
    run(file);
    const cache = readFileSync(`${file}.cache`);
    writeFileSync(`${file}.cache`, cache.subarray(0, cache.length - 16));
    expect(run(file)).toMatchObject({ accepted: false, sum: 5 });
  });

  it('writes no cache without a build comment', () => {
    const file = writeModule(null);
    run(file);
    expect(run(file).accepted).toBe(false);
  });

  it('writes no cache when Node.js has options', () => {
    const file = writeModule();
    run(file, `${file}.cache`, ['--stack-size=2000']);
    expect(run(file).accepted).toBe(false);
  });

  it('runs where it cannot write the cache', () => {
    const file = writeModule();
    expect(run(file, join(file, 'not-a-directory', 'cache')).sum).toBe(5);
  });
});

describe('the built command line', () => {
  it('starts from the cache the build wrote', () => {
    const script =
      "import { runWithCodeCache } from './dist/bundle/code-cache.cjs';" +
      "console.log(runWithCodeCache('./dist/bundle/compose-lint.cjs').cacheAccepted);";
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repository, encoding: 'utf8' });
    expect(result.stdout).toBe('true\n');
  });
});
