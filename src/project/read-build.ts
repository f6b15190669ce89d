import { isMap, isScalar, isSeq } from 'yaml';
import type { DocumentReader, MapEntry } from './document-reader.js';
import type { BuildLayer } from './layers.js';
import type { InlineDockerfile, KeyedEntry } from './types.js';

/**
 * Reads a service's `build`: the short form (a string, the context) or the
 * long form (a mapping). Fields the model does not cover are ignored.
 * Returns `undefined` after reporting a value of the wrong type.
 */
export function readBuild(reader: DocumentReader, entry: MapEntry): BuildLayer | undefined {
  const node = entry.value;
  const keyRange = reader.range(entry.keyNode);

  if (isScalar(node) && typeof node.value === 'string') {
    const context = { value: reader.text(node).value, range: reader.range(node) };
    return { fieldTags: new Map(), range: context.range, keyRange, shortForm: true, context };
  }

  if (!isMap(node)) {
    reader.reportSchemaError(reader.valueRange(entry), `${entry.path} must be a string or a mapping`);
    return undefined;
  }

  const build: BuildLayer = { fieldTags: new Map(), range: reader.range(node), keyRange, shortForm: false };
  for (const field of reader.entries(node, entry.path)) {
    if (field.mergeTag) build.fieldTags.set(field.key, field.mergeTag);
    if (field.mergeTag === 'reset') continue;

    const fallbackRange = reader.valueRange(field);
    switch (field.key) {
      case 'context':
        build.context = reader.readString(field.value, field.path, fallbackRange);
        break;
      case 'dockerfile':
        build.dockerfile = reader.readString(field.value, field.path, fallbackRange);
        break;
      case 'dockerfile_inline':
        build.dockerfileInline = readInlineDockerfile(reader, field);
        break;
      case 'target':
        build.target = reader.readString(field.value, field.path, fallbackRange);
        break;
      case 'args':
        build.args = readKeyedEntries(reader, field, { valueRequired: false });
        break;
      case 'additional_contexts':
        build.additionalContexts = readKeyedEntries(reader, field, { valueRequired: true });
        break;
      case 'platforms':
        build.platforms = reader.readStringList(field.value, field.path, fallbackRange);
        break;
      case 'tags':
        build.tags = reader.readStringList(field.value, field.path, fallbackRange);
        break;
    }
  }
  return build;
}

function readInlineDockerfile(reader: DocumentReader, field: MapEntry): InlineDockerfile | undefined {
  const node = field.value;
  if (!isScalar(node) || typeof node.value !== 'string') {
    reader.reportSchemaError(reader.valueRange(field), `${field.path} must be a string`);
    return undefined;
  }

  const { value, mapping } = reader.text(node);
  const lines = reader.source.lines;
  // NOTE: a value that cannot be aligned with its source, such as a
  // double-quoted scalar with escapes like `\n`, locates every offset at the
  // start of the scalar.
  return {
    text: value,
    range: reader.range(node),
    locate: (offset) => lines.position(mapping.startOf(Math.max(0, Math.min(offset, value.length)))),
  };
}

/**
 * Reads a field that is a mapping or a list of `KEY=VALUE` strings, as
 * `build.args` and `build.additional_contexts` are. A list entry is split at
 * its first `=`: `KEY=` is an empty value and `KEY` a missing one, which
 * `additional_contexts` rejects. Map values that are numbers or booleans keep
 * the text YAML wrote.
 */
function readKeyedEntries(
  reader: DocumentReader,
  field: MapEntry,
  { valueRequired }: { valueRequired: boolean },
): KeyedEntry[] | undefined {
  const node = field.value;

  if (isMap(node)) {
    const entries: KeyedEntry[] = [];
    for (const item of reader.entries(node, field.path)) {
      // NOTE: `!reset` on one entry drops it from this file only. An entry of
      // the same key from an earlier file stays, where Compose removes it.
      if (item.mergeTag === 'reset') continue;
      const text = reader.scalarText(item.value);
      if (text === false) {
        const message = `${item.path} must be a string, a number, a boolean or null`;
        reader.reportSchemaError(reader.valueRange(item), message);
        continue;
      }
      entries.push({
        key: item.key,
        keyRange: reader.range(item.keyNode),
        value: text?.value,
        valueRange: reader.valueRange(item),
      });
    }
    return entries;
  }

  if (!isSeq(node)) {
    reader.reportSchemaError(reader.valueRange(field), `${field.path} must be a mapping or a list`);
    return undefined;
  }

  const entries: KeyedEntry[] = [];
  node.items.forEach((rawItem, index) => {
    const path = `${field.path}[${index}]`;
    if (reader.isUnresolvedAlias(rawItem)) return;
    const item = reader.resolve(rawItem);
    const text = reader.scalarText(item);
    if (!item || !text) {
      reader.reportSchemaError(item ? reader.range(item) : reader.range(node), `${path} must be a string`);
      return;
    }

    const { value, mapping } = text;
    const separator = value.indexOf('=');
    if (separator < 0) {
      if (valueRequired) {
        const message = `${path} has invalid value ${JSON.stringify(value)}: expected KEY=VALUE`;
        reader.reportSchemaError(reader.range(item), message);
        return;
      }
      const keyRange = reader.subRange(item, mapping, 0, value.length);
      const valueRange = reader.subRange(item, mapping, value.length, value.length);
      entries.push({ key: value, keyRange, value: undefined, valueRange });
      return;
    }

    entries.push({
      key: value.slice(0, separator),
      keyRange: reader.subRange(item, mapping, 0, separator),
      value: value.slice(separator + 1),
      valueRange: reader.subRange(item, mapping, separator + 1, value.length),
    });
  });
  return entries;
}
