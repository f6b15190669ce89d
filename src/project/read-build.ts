import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourceRange } from '../source.js';
import type { DocumentReader, MapEntry } from './document-reader.js';
import type { BuildLayer, KeyedLayer, PathValue } from './layers.js';
import { isNonLocalAdditionalContext, isRemoteContext, resolveLocalPath } from './paths.js';
import type { InlineDockerfile, KeyedEntry, Located } from './types.js';

/**
 * Reads a service's `build`: the short form (a string, the context) or the
 * long form (a mapping). Fields the model does not cover are ignored.
 * Relative paths resolve against the document's path base. Returns
 * `undefined` after reporting a value of the wrong type.
 */
export function readBuild(reader: DocumentReader, entry: MapEntry): BuildLayer | undefined {
  const node = entry.value;
  const keyRange = reader.range(entry.keyNode);

  if (isScalar(node) && typeof node.value === 'string') {
    const context = readContext(reader, reader.locate(reader.text(node).value, node, entry.use));
    return { fieldTags: new Map(), range: context.range, keyRange, anchor: context.anchor, shortForm: true, context };
  }

  if (!isMap(node)) {
    reader.reportTypeError(reader.valueRange(entry), `${entry.path} must be a string or a mapping`);
    return undefined;
  }

  const located = reader.locate(undefined, node, entry.use);
  const build: BuildLayer = { fieldTags: new Map(), range: located.range, keyRange, shortForm: false };
  if (located.anchor) build.anchor = located.anchor;

  for (const field of reader.entries(node, entry.path, entry.use)) {
    if (field.mergeTag) build.fieldTags.set(field.key, field.mergeTag);
    if (field.mergeTag === 'reset') continue;

    switch (field.key) {
      case 'context': {
        const context = reader.readEntryString(field);
        if (context) build.context = readContext(reader, context);
        break;
      }
      case 'dockerfile':
        build.dockerfile = reader.readEntryString(field);
        break;
      case 'dockerfile_inline':
        build.dockerfileInline = readInlineDockerfile(reader, field);
        break;
      case 'target':
        build.target = reader.readEntryString(field);
        break;
      case 'args':
        build.args = readKeyedEntries(reader, field, { valueRequired: false });
        break;
      case 'additional_contexts':
        build.additionalContexts = readKeyedEntries(reader, field, { valueRequired: true });
        for (const context of build.additionalContexts?.entries ?? []) resolveAdditionalContext(reader, context);
        break;
      case 'labels':
        build.labels = readKeyedEntries(reader, field, { valueRequired: false });
        break;
      case 'platforms':
        build.platforms = reader.readEntryStringList(field);
        break;
      case 'tags':
        build.tags = reader.readEntryStringList(field);
        break;
      case 'secrets':
        build.secrets = readSecretNames(reader, field);
        break;
    }
  }
  return build;
}

function readContext(reader: DocumentReader, context: Located<string>): PathValue {
  const path = isRemoteContext(context.value) ? undefined : resolveLocalPath(reader.pathBase, context.value);
  return { ...context, path };
}

function resolveAdditionalContext(reader: DocumentReader, entry: KeyedEntry): void {
  if (entry.value === undefined || isNonLocalAdditionalContext(entry.value)) return;
  entry.contextPath = resolveLocalPath(reader.pathBase, entry.value);
}

function readInlineDockerfile(reader: DocumentReader, field: MapEntry): InlineDockerfile | undefined {
  const node = field.value;
  if (!isScalar(node) || typeof node.value !== 'string') {
    reader.reportTypeError(reader.valueRange(field), `${field.path} must be a string`);
    return undefined;
  }

  const { value, mapping } = reader.text(node);
  const lines = reader.source.lines;
  const located = reader.locate(value, node, field.use);
  // NOTE: a value that cannot be aligned with its source, such as a
  // double-quoted scalar with escapes like `\n`, locates every offset at the
  // start of the scalar.
  const inline: InlineDockerfile = {
    text: value,
    range: located.range,
    locate: (offset) => lines.position(mapping.startOf(Math.max(0, Math.min(offset, value.length)))),
  };
  if (located.anchor) inline.anchor = located.anchor;
  return inline;
}

/**
 * Reads the secret names of `build.secrets`: each item is a name (short
 * syntax) or a mapping whose `source` is the name (long syntax).
 */
function readSecretNames(reader: DocumentReader, field: MapEntry): Located<string>[] | undefined {
  const node = field.value;
  if (!isSeq(node)) {
    reader.reportTypeError(reader.valueRange(field), `${field.path} must be a list`);
    return undefined;
  }

  const names: Located<string>[] = [];
  for (const item of reader.items(node, field.use)) {
    const path = `${field.path}[${item.index}]`;
    if (isMap(item.node)) {
      const source = reader.entries(item.node, path, item.use).find((entry) => entry.key === 'source');
      const name = source && reader.readEntryString(source);
      if (name) names.push(name);
      continue;
    }
    const name = reader.readString(item.node, path, reader.range(node), item.use);
    if (name) names.push(name);
  }
  return names;
}

/**
 * Reads a field that is a mapping or a list of `KEY=VALUE` strings, as
 * `build.args`, `build.additional_contexts` and `build.labels` are. A list entry is split at
 * its first `=`: `KEY=` is an empty value and `KEY` a missing one, which
 * `additional_contexts` rejects. Map values that are numbers or booleans keep
 * the text YAML wrote. A map entry tagged `!reset` is left out and its key
 * recorded, so that the merge also removes the earlier entry.
 */
function readKeyedEntries(
  reader: DocumentReader,
  field: MapEntry,
  { valueRequired }: { valueRequired: boolean },
): KeyedLayer | undefined {
  const node = field.value;

  if (isMap(node)) {
    const layer: KeyedLayer = { entries: [], isMapping: true, resetKeys: [] };
    for (const item of reader.entries(node, field.path, field.use)) {
      if (item.mergeTag === 'reset') {
        layer.resetKeys.push(item.key);
        continue;
      }
      const text = reader.scalarText(item.value);
      if (text === false) {
        const message = `${item.path} must be a string, a number, a boolean or null`;
        reader.reportTypeError(reader.valueRange(item), message);
        continue;
      }

      const entry: KeyedEntry = {
        key: item.key,
        keyRange: item.use ? reader.range(item.use) : reader.range(item.keyNode),
        value: text?.value,
        valueRange: reader.valueRange(item),
      };
      if (item.use) entry.anchor = pairRange(reader, item.keyNode, item.value);
      layer.entries.push(entry);
    }
    return layer;
  }

  if (!isSeq(node)) {
    reader.reportTypeError(reader.valueRange(field), `${field.path} must be a mapping or a list`);
    return undefined;
  }

  const layer: KeyedLayer = { entries: [], isMapping: false, resetKeys: [] };
  for (const { node: item, use, index } of reader.items(node, field.use)) {
    const path = `${field.path}[${index}]`;
    const text = reader.scalarText(item);
    if (!item || !text) {
      reader.reportTypeError(use ? reader.range(use) : item ? reader.range(item) : reader.range(node), `${path} must be a string`);
      continue;
    }

    const { value, mapping } = text;
    const separator = value.indexOf('=');
    // An entry used through an alias is located at the alias as a whole.
    const subRange = (start: number, end: number): SourceRange =>
      use ? reader.range(use) : reader.subRange(item, mapping, start, end);

    if (separator < 0 && valueRequired) {
      const message = `${path} has invalid value ${JSON.stringify(value)}: expected KEY=VALUE`;
      reader.reportSchemaError(use ? reader.range(use) : reader.range(item), message);
      continue;
    }

    const entry: KeyedEntry =
      separator < 0
        ? { key: value, keyRange: subRange(0, value.length), value: undefined, valueRange: subRange(value.length, value.length) }
        : {
            key: value.slice(0, separator),
            keyRange: subRange(0, separator),
            value: value.slice(separator + 1),
            valueRange: subRange(separator + 1, value.length),
          };
    if (use) entry.anchor = reader.range(item);
    layer.entries.push(entry);
  }
  return layer;
}

/** Returns the range from a key to the end of its value, where a mapping entry is written. */
function pairRange(reader: DocumentReader, keyNode: Node, value: Node | null): SourceRange {
  const key = reader.range(keyNode);
  if (value === null) return key;
  return { file: key.file, start: key.start, end: reader.range(value).end };
}
