import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { DiskHost, RunHost, type Host } from '../src/host.js';
import { lint } from '../src/lint.js';
import { describeFinding, writeProject } from './support/project.js';

/** A service whose Dockerfile copies `app.txt` from its build context. */
const copyingProject = {
  'compose.yaml': 'services:\n  app:\n    build: ./app\n',
  'app/Dockerfile': 'FROM alpine:3.20\nCOPY app.txt /app/\n',
  'app/app.txt': 'hello\n',
};

/** A disk host that counts the calls of each method by path. */
class CountingHost implements Host {
  readonly calls = new Map<string, number>();
  readonly #disk: DiskHost;

  constructor(root: string) {
    this.#disk = new DiskHost(root, {});
  }

  get env(): Host['env'] {
    return this.#disk.env;
  }

  get cwd(): string {
    return this.#disk.cwd;
  }

  readText(path: string): string | undefined {
    this.#count(`readText ${path}`);
    return this.#disk.readText(path);
  }

  kind(path: string): ReturnType<Host['kind']> {
    this.#count(`kind ${path}`);
    return this.#disk.kind(path);
  }

  list(path: string): string[] | undefined {
    this.#count(`list ${path}`);
    return this.#disk.list(path);
  }

  #count(call: string): void {
    this.calls.set(call, (this.calls.get(call) ?? 0) + 1);
  }
}

function copySourceFindings(root: string, host: Host): string[] {
  return lint({ path: root, fixes: 'none' }, host)
    .findings.filter((finding) => finding.ruleId === 'copy-source-missing')
    .map((finding) => describeFinding(root, finding));
}

describe('RunHost', () => {
  test('lint probes each path once', () => {
    const root = writeProject(copyingProject);
    const host = new CountingHost(root);

    lint({ path: root, fixes: 'none' }, host);

    const repeated = [...host.calls].filter(([, count]) => count > 1);
    expect(repeated).toEqual([]);
  });

  test('second lint probes paths again', () => {
    const root = writeProject(copyingProject);
    const host = new CountingHost(root);

    lint({ path: root, fixes: 'none' }, host);
    lint({ path: root, fixes: 'none' }, host);

    expect(host.calls.get(`kind ${join(root, 'app')}`)).toBe(2);
  });

  test('next lint reads a created ignore file', () => {
    const root = writeProject(copyingProject);
    const host = new DiskHost(root, {});
    expect(copySourceFindings(root, host)).toEqual([]);

    writeFileSync(join(root, 'app/.dockerignore'), 'app.txt\n');

    expect(copySourceFindings(root, host)).toEqual(['app/Dockerfile:2:6-2:13 copy-source-missing']);
  });

  test('next lint misses a deleted source', () => {
    const root = writeProject(copyingProject);
    const host = new DiskHost(root, {});
    expect(copySourceFindings(root, host)).toEqual([]);

    rmSync(join(root, 'app/app.txt'));

    expect(copySourceFindings(root, host)).toEqual(['app/Dockerfile:2:6-2:13 copy-source-missing']);
  });

  test('list stays absent without inner list', () => {
    const root = writeProject(copyingProject);
    const disk = new DiskHost(root, {});
    const withoutList: Host = { env: disk.env, cwd: disk.cwd, readText: (path) => disk.readText(path), kind: (path) => disk.kind(path) };

    expect(new RunHost(withoutList).list).toBeUndefined();
  });

  test('list returns a copy per call', () => {
    const root = writeProject(copyingProject);
    const host = new RunHost(new DiskHost(root, {}));

    host.list!(join(root, 'app'))!.push('changed');

    expect(host.list!(join(root, 'app'))).toEqual(['Dockerfile', 'app.txt']);
  });
});
