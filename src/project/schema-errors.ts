/** An error of the generated ajv validator, in ajv's `ErrorObject` shape. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const combinators = new Set(['oneOf', 'anyOf']);

/**
 * Picks the errors that explain a failed validation. With `allErrors`, ajv
 * reports every branch of a `oneOf`: a value that is a mapping also fails
 * the branch that wants a string. A branch whose type matches the value
 * reports its errors at the value or below it, so when such errors exist,
 * the type errors of the other branches at the same value are dropped.
 * Otherwise the type errors at one value merge into one error listing every
 * type allowed. A `oneOf` or `anyOf` error itself is kept only when nothing
 * more precise is left at its value or below, such as a value that matches
 * two branches.
 */
export function selectSchemaErrors(errors: readonly SchemaError[]): SchemaError[] {
  const substantive = errors.filter((error) => error.keyword !== 'type' && !combinators.has(error.keyword));
  const hasErrorWithin = (path: string, candidates: readonly SchemaError[], includeSelf: boolean): boolean =>
    candidates.some((error) => (includeSelf && error.instancePath === path) || isBelow(error.instancePath, path));

  const selected: SchemaError[] = [...substantive];
  const typeErrors = groupByPath(errors.filter((error) => error.keyword === 'type'));
  for (const [path, group] of typeErrors) {
    const deeper = hasErrorWithin(path, substantive, true) || hasErrorWithin(path, errors.filter((error) => error.keyword === 'type'), false);
    if (deeper) continue;
    selected.push({ ...group[0]!, params: { type: [...new Set(group.flatMap((error) => typesOf(error.params.type)))] } });
  }

  for (const error of errors) {
    if (!combinators.has(error.keyword)) continue;
    if (hasErrorWithin(error.instancePath, selected, true)) continue;
    if (selected.some((kept) => kept.keyword === error.keyword && kept.instancePath === error.instancePath)) continue;
    selected.push(error);
  }

  return selected.sort((first, second) => first.instancePath.localeCompare(second.instancePath));
}

function isBelow(path: string, ancestor: string): boolean {
  return path.startsWith(`${ancestor}/`);
}

function groupByPath(errors: readonly SchemaError[]): Map<string, SchemaError[]> {
  const groups = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const group = groups.get(error.instancePath) ?? [];
    group.push(error);
    groups.set(error.instancePath, group);
  }
  return groups;
}

function typesOf(type: unknown): string[] {
  if (Array.isArray(type)) return type.map(String);
  return typeof type === 'string' ? type.split(',') : [];
}

/** Compose's words for JSON types, with their articles. */
const typeNames: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
};

/** Lists types as `a string or a mapping`, in a stable order. */
export function describeTypes(types: readonly string[]): string {
  const order = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
  const names = [...types]
    .sort((first, second) => order.indexOf(first) - order.indexOf(second))
    .map((type) => typeNames[type] ?? type);
  if (names.length <= 1) return names[0] ?? 'a value';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

/**
 * Turns a JSON pointer into the dotted path Compose prints, such as
 * `services.web.ports[0]`; the root is the top-level object.
 */
export function describePointer(pointer: string): string {
  if (pointer === '') return 'top-level object';
  let path = '';
  for (const rawSegment of pointer.split('/').slice(1)) {
    const segment = rawSegment.replaceAll('~1', '/').replaceAll('~0', '~');
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path;
}

/** Names of user-chosen resources, by the pointer of the top-level map that contains them. */
const resourceKinds: Record<string, string> = {
  '/services': 'service',
  '/networks': 'network',
  '/volumes': 'volume',
  '/secrets': 'secret',
  '/configs': 'config',
  '/models': 'model',
};

/** Formats one selected error as a message that names the value or the key. */
export function describeSchemaError(error: SchemaError, value: unknown): string {
  const path = describePointer(error.instancePath);
  const params = error.params;

  switch (error.keyword) {
    case 'type':
      return `${path} must be ${describeTypes(typesOf(params.type))}`;
    case 'additionalProperties': {
      const key = JSON.stringify(String(params.additionalProperty));
      const kind = resourceKinds[error.instancePath];
      if (kind !== undefined) return `${path} has an invalid ${kind} name ${key}: use only letters, digits, ".", "_" and "-"`;
      return `${path} has an unknown field ${key}`;
    }
    case 'required':
      return `${path} is missing the required field ${JSON.stringify(String(params.missingProperty))}`;
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map((item) => JSON.stringify(item)).join(', ') : '';
      return `${path} must be one of ${allowed}, not ${JSON.stringify(value)}`;
    }
    case 'const':
      return `${path} must be ${JSON.stringify(params.allowedValue)}, not ${JSON.stringify(value)}`;
    case 'pattern':
      return `${path} has an invalid value ${JSON.stringify(value)}: it must match ${String(params.pattern)}`;
    case 'uniqueItems':
      return `${path} has a duplicate item ${JSON.stringify(Array.isArray(value) ? value[Number(params.j)] : undefined)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${path} must be ${String(params.comparison)} ${String(params.limit)}, not ${JSON.stringify(value)}`;
    case 'minItems':
      return `${path} must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `${path} must have at most ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'oneOf':
      return Array.isArray(params.passingSchemas)
        ? `${path} matches more than one of the forms Compose accepts here`
        : `${path} does not match any of the forms Compose accepts here`;
    case 'anyOf':
      return `${path} does not match any of the forms Compose accepts here`;
    default:
      return `${path} ${error.message ?? `fails the schema rule "${error.keyword}"`}`;
  }
}
