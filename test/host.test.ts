import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeEach, describe, expect, it, vi } from 'vitest';

import { DiskHost, DiskSnapshot, DiskCache } from '../src/host.js';
import { lint } from '../src/lint.js';
import { describeFinding, writeProject } from './support/project.js';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync), statSync: vi.fn(actual.statSync) };
});

const readFileSync = vi.mocked(fs.readFileSync);
const statSync = vi.mocked(fs.statSync);

/** Counts the calls of a mocked function for one path. */
function callsFor(mock: typeof readFileSync | typeof statSync, path: string): number {
  return mock.mock.calls.filter(([argument]) => argument === path).length;
}

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'compose-lint-host-'));
  readFileSync.mockClear();
  statSync.mockClear();
});

/** Writes a file whose modification time is a minute old, as a file not being edited has. */
function writeSettled(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  settle(path);
  return path;
}

/** Sets the times of a file or directory a minute back, as those of one not being edited. */
function settle(path: string): void {
  const minuteAgo = new Date(Date.now() - 60_000);
  utimesSync(path, minuteAgo, minuteAgo);
}

/** Reads a path through a new snapshot of one run, as each lint pass does. */
function readInRun(path: string, cache?: DiskCache, overlay = new Map<string, string>()): string | undefined {
  const text = new DiskHost(directory, {}, overlay, new DiskSnapshot(cache)).readText(path);
  cache?.endRun();
  return text;
}

describe('DiskSnapshot', () => {
  it('reads a file once per run', () => {
    const path = writeSettled('Dockerfile', 'FROM alpine\n');
    const host = new DiskHost(directory, {}, new Map(), new DiskSnapshot());
    host.readText(path);
    host.readText(path);
    expect(callsFor(readFileSync, path)).toBe(1);
  });

  it('stats a path once per run', () => {
    const path = join(directory, '.dockerignore');
    const host = new DiskHost(directory, {}, new Map(), new DiskSnapshot());
    host.kind(path);
    host.readText(path);
    expect(callsFor(statSync, path)).toBe(1);
  });

  it('keeps a file missing within a run', () => {
    const path = join(directory, '.dockerignore');
    const host = new DiskHost(directory, {}, new Map(), new DiskSnapshot());
    host.readText(path);
    writeFileSync(path, 'node_modules\n');
    expect(host.readText(path)).toBeUndefined();
  });

  it('skips reading a missing file', () => {
    const path = join(directory, '.dockerignore');
    expect(readInRun(path)).toBeUndefined();
    expect(callsFor(readFileSync, path)).toBe(0);
  });

  it('prefers the overlay', () => {
    const path = writeSettled('Dockerfile', 'FROM alpine\n');
    expect(readInRun(path, undefined, new Map([[path, 'FROM debian\n']]))).toBe('FROM debian\n');
  });
});

describe('DiskCache', () => {
  it('reads an unchanged file once', () => {
    const path = writeSettled('Dockerfile', 'FROM alpine\n');
    const cache = new DiskCache();
    readInRun(path, cache);
    expect(readInRun(path, cache)).toBe('FROM alpine\n');
    expect(callsFor(readFileSync, path)).toBe(1);
  });

  it('reads a changed file again', () => {
    const path = writeSettled('Dockerfile', 'FROM alpine\n');
    const cache = new DiskCache();
    readInRun(path, cache);
    writeFileSync(path, 'FROM alpine:3.20\n');
    expect(readInRun(path, cache)).toBe('FROM alpine:3.20\n');
  });

  it('reads a rewrite of equal size again', () => {
    const path = writeSettled('Dockerfile', 'FROM alpine\n');
    const cache = new DiskCache();
    readInRun(path, cache);
    writeSettled('Dockerfile', 'FROM debian\n');
    expect(readInRun(path, cache)).toBe('FROM debian\n');
  });

  it('keeps no text of a file written just now', () => {
    const path = join(directory, 'Dockerfile');
    writeFileSync(path, 'FROM alpine\n');
    const cache = new DiskCache();
    readInRun(path, cache);
    readInRun(path, cache);
    expect(callsFor(readFileSync, path)).toBe(2);
  });

  it('reads a deleted file as missing', () => {
    const path = writeSettled('Dockerfile', 'FROM alpine\n');
    const cache = new DiskCache();
    readInRun(path, cache);
    rmSync(path);
    expect(readInRun(path, cache)).toBeUndefined();
  });

  it('probes a missing path once', () => {
    const path = join(directory, '.dockerignore');
    const cache = new DiskCache();
    settle(directory);
    readInRun(path, cache);
    readInRun(path, cache);
    expect(callsFor(statSync, path)).toBe(1);
  });

  it('finds a file created since', () => {
    const path = join(directory, '.dockerignore');
    const cache = new DiskCache();
    settle(directory);
    readInRun(path, cache);
    writeFileSync(path, 'node_modules\n');
    expect(readInRun(path, cache)).toBe('node_modules\n');
  });

  it('finds the target of a dangling link', () => {
    const target = join(directory, 'elsewhere', 'ignore');
    const path = join(directory, '.dockerignore');
    mkdirSync(join(directory, 'elsewhere'));
    symlinkSync(target, path);
    const cache = new DiskCache();
    settle(directory);
    readInRun(path, cache);
    writeFileSync(target, 'node_modules\n');
    expect(readInRun(path, cache)).toBe('node_modules\n');
  });

  it('drops texts no recent run read', () => {
    const path = writeSettled('Dockerfile', 'FROM alpine\n');
    const cache = new DiskCache();
    readInRun(path, cache);
    cache.endRun(1);
    cache.endRun(1);
    readInRun(path, cache);
    expect(callsFor(readFileSync, path)).toBe(2);
  });
});

describe('lint reads', () => {
  /** A service whose Dockerfile copies `app.txt` from its build context. */
  const copyingProject = {
    'compose.yaml': 'services:\n  app:\n    build: ./app\n',
    'app/Dockerfile': 'FROM alpine:3.20\nCOPY app.txt /app/\n',
    'app/app.txt': 'hello\n',
  };

  function copySourceFindings(root: string, host: DiskHost): string[] {
    return lint({ path: root, fixes: 'none' }, host)
      .findings.filter((finding) => finding.ruleId === 'copy-source-missing')
      .map((finding) => describeFinding(root, finding));
  }

  it('sees an ignore file created since the last lint', () => {
    const root = writeProject(copyingProject);
    const host = new DiskHost(root, {});
    expect(copySourceFindings(root, host)).toEqual([]);

    writeFileSync(join(root, 'app/.dockerignore'), 'app.txt\n');
    expect(copySourceFindings(root, host)).toEqual(['app/Dockerfile:2:6-2:13 copy-source-missing']);
  });

  it('sees a source deleted since the last lint', () => {
    const root = writeProject(copyingProject);
    const host = new DiskHost(root, {});
    expect(copySourceFindings(root, host)).toEqual([]);

    rmSync(join(root, 'app/app.txt'));
    expect(copySourceFindings(root, host)).toEqual(['app/Dockerfile:2:6-2:13 copy-source-missing']);
  });

  it('probes each path once with its own host', () => {
    const root = writeProject(copyingProject);
    lint({ path: root, fixes: 'none' });
    expect(statSync.mock.calls.map(([path]) => path).filter((path, index, all) => all.indexOf(path) !== index)).toEqual([]);
  });
});
