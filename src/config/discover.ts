import { basename, dirname, join } from 'node:path';

import type { Host } from '../host.js';

/** The key of `package.json` that contains compose-lint's configuration. */
export const packageKey = 'compose-lint';

/** The syntax of a configuration file. */
export type ConfigFormat = 'yaml' | 'json' | 'package';

export interface ConfigLocation {
  /** Absolute path of the file. */
  path: string;
  format: ConfigFormat;
}

/** The names a configuration file may have, in the order they are tried in each directory. */
export const configFileNames: ReadonlyArray<{ name: string; format: ConfigFormat }> = [
  { name: '.compose-lint.yaml', format: 'yaml' },
  { name: '.compose-lint.yml', format: 'yaml' },
  { name: '.compose-lint.json', format: 'json' },
  { name: 'package.json', format: 'package' },
];

/**
 * Finds the configuration file that applies to a directory: the first of
 * `configFileNames` in the directory itself, then in each parent up to the
 * file system root. A `package.json` counts only when it has a
 * `compose-lint` key; one that is not valid JSON is passed over.
 */
export function findConfigFile(directory: string, host: Host): ConfigLocation | undefined {
  for (let current = directory; ; current = dirname(current)) {
    for (const { name, format } of configFileNames) {
      const path = join(current, name);
      if (host.kind(path) !== 'file') continue;
      if (format === 'package' && !hasPackageKey(host.readText(path))) continue;
      return { path, format };
    }
    if (dirname(current) === current) return undefined;
  }
}

/** Tells the format of a configuration file named on the command line from its name. */
export function configFormatOf(path: string): ConfigFormat {
  if (basename(path) === 'package.json') return 'package';
  return path.endsWith('.json') ? 'json' : 'yaml';
}

function hasPackageKey(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const manifest: unknown = JSON.parse(text);
    return typeof manifest === 'object' && manifest !== null && Object.hasOwn(manifest, packageKey);
  } catch {
    return false;
  }
}
