import type { Node } from 'yaml';
import type { Finding, RelatedLocation } from '../engine/finding.js';
import type { SourceRange } from '../source.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import type { DocumentReader } from './document-reader.js';
import { describePointer, describeSchemaError, describeTypes, selectSchemaErrors, type SchemaError } from './schema-errors.js';
import { loadValidators } from './schema-validator.js';
import { convertDocument, escapePointer, maxAliasedNodes, type ValueLocation } from './schema-value.js';

/** A schema finding and the JSON pointer of the value it is about. */
export interface SchemaIssue {
  pointer: string;
  finding: Finding;
}

export type SchemaValidation =
  | { checked: true; issues: SchemaIssue[] }
  /** The document could not be converted for validation; `issues` explains why. */
  | { checked: false; issues: SchemaIssue[] };

/**
 * Validates an interpolated document against the compose specification, as
 * compose-go does after interpolation, and returns every error ajv finds as
 * a `compose-schema` finding at the value or key it is about. A value that
 * comes through an alias is reported at the alias, with the anchored value
 * as a related location. An empty document is not validated.
 */
export function validateDocumentSchema(reader: DocumentReader): SchemaValidation {
  const converted = convertDocument(reader);
  if (converted.kind === 'excessive-aliasing') {
    const message = `document contains excessive aliasing: aliases expand to more than ${maxAliasedNodes} values`;
    const finding = createFinding(loaderRuleIds.yamlSyntax, 'error', message, reader.range(converted.alias));
    return { checked: false, issues: [{ pointer: '', finding }] };
  }
  if (converted.value === null) return { checked: true, issues: [] };

  const { validateCompose } = loadValidators();
  const valid = validateCompose(converted.value);
  if (valid && converted.castFailures.length === 0) return { checked: true, issues: [] };

  const locations = converted.locations();
  const issues: SchemaIssue[] = converted.castFailures.map((failure) => {
    const location = locations.get(failure.pointer);
    const message =
      `${describePointer(failure.pointer)} must be ${describeTypes([failure.expected])}, ` +
      `and Compose cannot read ${JSON.stringify(failure.text)} as one`;
    return { pointer: failure.pointer, finding: locatedFinding(reader, message, location?.node ?? null, location) };
  });

  if (valid) return { checked: true, issues };

  for (const error of selectSchemaErrors(validateCompose.errors ?? [])) {
    issues.push(describeIssue(reader, error, locations));
  }
  return { checked: true, issues };
}

function describeIssue(reader: DocumentReader, error: SchemaError, locations: ReadonlyMap<string, ValueLocation>): SchemaIssue {
  const location = locations.get(error.instancePath);
  const value = location ? location.value : undefined;
  const message = describeSchemaError(error, value);

  // An unknown field is reported at its key, a duplicate item at the repeated item.
  if (error.keyword === 'additionalProperties') {
    const pointer = `${error.instancePath}/${escapePointer(String(error.params.additionalProperty))}`;
    const field = locations.get(pointer);
    return { pointer, finding: locatedFinding(reader, message, field?.keyNode ?? null, field ?? location) };
  }
  if (error.keyword === 'uniqueItems') {
    const pointer = `${error.instancePath}/${String(error.params.j)}`;
    const item = locations.get(pointer);
    return { pointer, finding: locatedFinding(reader, message, item?.node ?? null, item ?? location) };
  }

  const node = location ? location.node : (reader.source.document.contents as Node | null);
  return { pointer: error.instancePath, finding: locatedFinding(reader, message, node, location) };
}

/**
 * Creates a finding at `node`, or at the alias it is used through with the
 * node as a related location. A missing value is reported just past its key.
 */
function locatedFinding(reader: DocumentReader, message: string, node: Node | null, location: ValueLocation | undefined): Finding {
  let written: SourceRange | undefined;
  if (node) written = reader.range(node);
  else if (location?.keyNode) written = endOf(reader.range(location.keyNode));

  let range = written ?? reader.range(reader.source.document.contents as Node);
  if (location?.use) range = reader.range(location.use);

  const finding = createFinding(loaderRuleIds.schema, 'error', message, range);
  if (location?.use && written) {
    const related: RelatedLocation = { message: 'the value is written here, at the anchor the alias refers to', range: written };
    finding.related = [related];
  }
  return finding;
}

function endOf(range: SourceRange): SourceRange {
  return { file: range.file, start: range.end, end: range.end };
}
