import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

import type { Host } from '../../src/host.js';
import { repository } from '../support/cli.js';

/** The directory that every project of a `MemoryHost` lives in. */
export const projectRoot = '/project';

/** A host backed by a map of file texts by absolute POSIX path, with an empty environment. */
export class MemoryHost implements Host {
  readonly env: Readonly<Record<string, string | undefined>> = {};
  readonly cwd = projectRoot;

  constructor(readonly files: ReadonlyMap<string, string>) {}

  readText(path: string): string | undefined {
    return this.files.get(path);
  }

  kind(path: string): 'file' | 'directory' | undefined {
    if (this.files.has(path)) return 'file';
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const file of this.files.keys()) {
      if (file.startsWith(prefix)) return 'directory';
    }
    return undefined;
  }

  list(path: string): string[] | undefined {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = new Set<string>();
    for (const file of this.files.keys()) {
      if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split('/')[0]!);
    }
    return names.size === 0 ? undefined : [...names].sort();
  }
}

/** A project on disk under the repository, with its files read into memory under `projectRoot`. */
export interface FixtureProject {
  /** Directory relative to the repository, such as `examples/shop`. */
  directory: string;
  files: Map<string, string>;
}

/** Reads every project under `fixtures/` and `examples/`, each a directory with a `compose.yaml`, into memory. */
export function readFixtureProjects(): FixtureProject[] {
  const projects: FixtureProject[] = [];
  const pending = ['fixtures', 'examples'].map((directory) => join(repository, directory)).filter((directory) => existsSync(directory));
  while (pending.length > 0) {
    const directory = pending.pop()!;
    if (existsSync(join(directory, 'compose.yaml'))) {
      projects.push({ directory: relative(repository, directory), files: readFiles(directory) });
    }
    for (const name of readdirSync(directory)) {
      if (statSync(join(directory, name)).isDirectory()) pending.push(join(directory, name));
    }
  }
  return projects.sort((a, b) => a.directory.localeCompare(b.directory));
}

/** Reads every file under `directory`, by its path under `projectRoot`. */
function readFiles(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(directory, { recursive: true, encoding: 'utf8' })) {
    const path = join(directory, entry);
    if (!statSync(path).isFile()) continue;
    files.set(posix.join(projectRoot, entry.split(sep).join('/')), readFileSync(path, 'utf8'));
  }
  return files;
}
