import type { SchemaError } from './schema-errors.js';
import { requireValidatorModule } from './validator-module.js';

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

let validators: ComposeValidators | undefined;

/** Loads the generated validators once. */
export function loadValidators(): ComposeValidators {
  validators ??= requireValidatorModule() as ComposeValidators;
  return validators;
}
