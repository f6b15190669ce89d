import { createRequire } from 'node:module';

import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';

import type { RuleMeta } from '../engine/rule.js';

/** The result of checking a rule's options against its schema. */
export interface OptionsCheck {
  /** The options with the schema's defaults filled in. */
  options: Record<string, unknown>;
  errors: ErrorObject[];
}

const require = createRequire(import.meta.url);
const validators = new WeakMap<object, ValidateFunction>();
let ajv: Ajv | undefined;

/**
 * Checks options against the rule's `optionsSchema` and fills in the
 * schema's defaults, on a copy. A rule without a schema accepts only no
 * options. Ajv is loaded on first use, because most runs configure no
 * options and loading it costs about 50 ms.
 */
export function checkRuleOptions(meta: RuleMeta, options: Record<string, unknown> | undefined): OptionsCheck {
  const copy = structuredClone(options ?? {});
  const schema = meta.optionsSchema;
  if (schema === undefined) return { options: copy, errors: [] };

  const validate = compileSchema(schema);
  validate(copy);
  return { options: copy, errors: validate.errors ?? [] };
}

function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const cached = validators.get(schema);
  if (cached !== undefined) return cached;

  ajv ??= createAjv();
  const validate = ajv.compile(schema);
  validators.set(schema, validate);
  return validate;
}

function createAjv(): Ajv {
  // ajv is a CommonJS package: `require` loads it synchronously, so the
  // engine stays synchronous, and only when a schema is needed.
  const { Ajv: AjvConstructor } = require('ajv') as typeof import('ajv');
  return new AjvConstructor({ allErrors: true, useDefaults: true });
}
