import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { packageRoot } from '../package-root.js';

/** Path of the generated validator inside the package. */
export const validatorPath = 'dist/schema/validate-compose.cjs';

/**
 * Requires the validator module that `scripts/build-schema.mjs` generates,
 * from the package root: the nearest directory above this module with a
 * `package.json`, which holds for the sources under `src/` and for the
 * compiled modules under `dist/`. The command-line bundle replaces this
 * module with a static import of the same file (see `scripts/bundle.mjs`),
 * so the validator is compiled and cached with the rest of the bundle.
 *
 * Throws when the validator was not generated, because that is a broken
 * build and not a problem of the linted project.
 */
export function requireValidatorModule(): unknown {
  const path = join(packageRoot(), validatorPath);
  if (!existsSync(path)) {
    throw new Error(`the compose schema validator ${path} is missing: run "npm run build" to generate it`);
  }
  return createRequire(import.meta.url)(path);
}
