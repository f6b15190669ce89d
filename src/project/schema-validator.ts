import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { packageRoot } from '../package-root.js';
import type { SchemaError } from './schema-errors.js';

/** A validator function that ajv's standalone code exports. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** The validators of `dist/schema/validate-compose.cjs`, which `scripts/build-schema.mjs` generates. */
export interface ComposeValidators {
  /** Validates a whole compose document. */
  validateCompose: GeneratedValidator;
  /** Validates one service definition, as `services.<name>`. */
  validateService: GeneratedValidator;
}

/** Path of the generated validator inside the package. */
export const validatorPath = 'dist/schema/validate-compose.cjs';

let validators: ComposeValidators | undefined;

/**
 * Loads the generated validators once. The package root is the nearest
 * directory above this module with a `package.json`, which holds for the
 * sources under `src/` and for the compiled modules under `dist/`. Throws
 * when the validator was not generated, because that is a broken build and
 * not a problem of the linted project.
 */
export function loadValidators(): ComposeValidators {
  if (validators !== undefined) return validators;

  const root = packageRoot();
  const path = join(root, validatorPath);
  if (!existsSync(path)) {
    throw new Error(`the compose schema validator ${path} is missing: run "npm run build" to generate it`);
  }
  validators = createRequire(import.meta.url)(path) as ComposeValidators;
  return validators;
}
