import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The directory of compose-lint's own `package.json`. Found by walking up
 * from this module, so it is the same whether the code runs from the
 * compiled files in `dist/src/` or from the bundle in `dist/`.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;

  const start = dirname(fileURLToPath(import.meta.url));
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'package.json'))) return (root = directory);
    if (dirname(directory) === directory) return (root = start);
  }
}
