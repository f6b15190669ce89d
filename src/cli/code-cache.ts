import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';

/** A CommonJS module run through V8's code cache. */
export interface CachedModule {
  /** The module's `module.exports`. */
  exports: Record<string, unknown>;
  /** True when V8 accepted the cache, so the module's code was not compiled again. */
  cacheAccepted: boolean;
  /**
   * Writes a fresh cache when the one on disk was missing, stale or rejected.
   * Call it after the work is done: the cache then contains every function the
   * run compiled, not only the module's top level. Never throws: a cache
   * that cannot be made or written (a read-only install) is not written.
   *
   * Only a run without Node.js options writes: V8 rejects a cache made with
   * other flags (`--max-old-space-size`, for one), so runs with and without
   * them would otherwise replace each other's cache on every start.
   */
  saveCache(): void;
}

/** First line of a cache file; the next line is the build identifier of the source it was made from. */
const header = 'compose-lint code cache 1\n';

/** The comment that ends a bundle: its build identifier, a digest of the rest of the file. */
const buildIdentifierPattern = /\n\/\/ build ([0-9a-f]{40})\n$/;

/**
 * Runs the CommonJS module in `file` with V8's code cache from `cacheFile`,
 * which skips parsing and compiling the code on start-up. Node.js 20 has no
 * compile cache for user code of its own (`module.enableCompileCache()`
 * came in Node.js 22).
 *
 * V8 itself rejects a cache made by another V8 version or with other flags,
 * but it checks the source only by its length. So the bundle ends with a
 * build identifier, a digest of its contents that `scripts/bundle.mjs`
 * appends, and the cache is ignored when it was made for another one. A
 * file without that comment runs without a cache.
 *
 * The module may call `require()` but not `import()`, which a script
 * needs an experimental Node.js feature for.
 *
 * NOTE: the file is read as Latin-1, which is exact for the ASCII-only
 * output that esbuild writes by default.
 */
export function runWithCodeCache(path: string, cacheFile = `${path}.cache`): CachedModule {
  const file = resolve(path);
  const source = readFileSync(file, 'latin1');
  const build = buildIdentifierPattern.exec(source.slice(-64))?.[1];
  const cachedData = build === undefined ? undefined : readCache(cacheFile, build);

  // The wrapper keeps the module's line numbers: it adds nothing before the first line.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...parameters: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));

  const cacheAccepted = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cacheAccepted,
    saveCache() {
      if (build === undefined || cacheAccepted || hasNodeOptions()) return;
      writeCache(cacheFile, build, script);
    },
  };
}

/** True when Node.js runs with options of its own, from its command line or `NODE_OPTIONS`. */
function hasNodeOptions(): boolean {
  return process.execArgv.length > 0 || (process.env.NODE_OPTIONS ?? '').trim() !== '';
}

/** Reads the V8 data of `cacheFile`, or nothing when the cache was made for another build. */
function readCache(cacheFile: string, build: string): Buffer | undefined {
  let contents: Buffer;
  try {
    contents = readFileSync(cacheFile);
  } catch {
    return undefined;
  }

  const prefix = `${header}${build}\n`;
  if (contents.length <= prefix.length || contents.toString('latin1', 0, prefix.length) !== prefix) return undefined;
  return contents.subarray(prefix.length);
}

/** Writes the cache of `script` through a temporary file, so a concurrent run never reads half of it. */
function writeCache(cacheFile: string, build: string, script: Script): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${header}${build}\n`, 'latin1'), script.createCachedData()]));
    renameSync(temporary, cacheFile);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}
