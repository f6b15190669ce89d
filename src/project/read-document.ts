import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceRange } from '../source.js';
import type { DocumentReader, MapEntry } from './document-reader.js';
import type { IncludeLayer, MergeTag, PathValue, ServiceLayer } from './layers.js';
import { resolveLocalPath } from './paths.js';
import { readService } from './read-service.js';
import { resolveNode, type YamlDocument } from './yaml-file.js';

/** The contribution of one YAML document to the project. */
export interface DocumentLayer {
  /** False for an empty document, which Compose treats as no content at all. */
  hasContent: boolean;
  services: ServiceLayer[];
  /** `!reset` or `!override` on `services`, which drops the services of earlier documents. */
  servicesTag?: MergeTag;
  /** The top-level `include` entries, in order. */
  includes: IncludeLayer[];
  /** Names of the top-level `secrets` and the ranges of their keys. */
  secrets: Map<string, SourceRange>;
  /** `!reset` or `!override` on `secrets`. */
  secretsTag?: MergeTag;
}

/**
 * Reads the top level of an interpolated document. Reports a top level that
 * is not a mapping, `services` that is not a mapping and a `name` that is
 * not a string.
 */
export function readDocument(reader: DocumentReader): DocumentLayer {
  const layer: DocumentLayer = { hasContent: false, services: [], includes: [], secrets: new Map() };
  const contents = reader.resolve(reader.source.document.contents);
  if (contents === null || (isScalar(contents) && contents.value === null)) return layer;

  layer.hasContent = true;
  if (!isMap(contents)) {
    reader.reportTypeError(reader.range(contents), 'top-level object must be a mapping');
    return layer;
  }

  layer.hasContent = contents.items.length > 0;
  for (const entry of reader.entries(contents, '')) {
    switch (entry.key) {
      case 'name':
        reader.readEntryString(entry);
        break;
      case 'include':
        layer.includes = readIncludes(reader, entry);
        break;
      case 'secrets':
        if (entry.mergeTag) layer.secretsTag = entry.mergeTag;
        for (const secret of readMappingEntries(reader, entry)) layer.secrets.set(secret.key, reader.range(secret.keyNode));
        break;
      case 'services':
        if (entry.mergeTag) layer.servicesTag = entry.mergeTag;
        for (const serviceEntry of readMappingEntries(reader, entry)) {
          const service = readService(reader, serviceEntry);
          if (service) layer.services.push(service);
        }
        break;
    }
  }
  return layer;
}

/** Lists the entries of a top-level mapping such as `services`; none for `!reset`, null or a value of another type. */
function readMappingEntries(reader: DocumentReader, entry: MapEntry): MapEntry[] {
  if (entry.mergeTag === 'reset' || entry.value === null) return [];
  if (isScalar(entry.value) && entry.value.value === null) return [];
  if (!isMap(entry.value)) {
    reader.reportTypeError(reader.valueRange(entry), `${entry.path} must be a mapping`);
    return [];
  }
  return reader.entries(entry.value, entry.path, entry.use);
}

/**
 * Reads the top-level `include` list: each item is a path (short syntax) or
 * a mapping with `path`, `project_directory` and `env_file` (long syntax).
 * Relative paths resolve against the document's directory.
 */
function readIncludes(reader: DocumentReader, entry: MapEntry): IncludeLayer[] {
  const node = entry.value;
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    reader.reportTypeError(reader.valueRange(entry), 'include must be a list');
    return [];
  }

  const includes: IncludeLayer[] = [];
  for (const item of reader.items(node, entry.use)) {
    const path = `include[${item.index}]`;
    const range = reader.range(item.use ?? item.node ?? node);

    if (isScalar(item.node) && typeof item.node.value === 'string') {
      const value = readPath(reader, reader.locate(reader.text(item.node).value, item.node, item.use));
      includes.push({ paths: [value], projectDirectory: undefined, envFiles: undefined, range });
      continue;
    }
    if (!isMap(item.node)) {
      reader.reportTypeError(range, `${path} must be a string or a mapping`);
      continue;
    }

    const include: IncludeLayer = { paths: [], projectDirectory: undefined, envFiles: undefined, range };
    for (const field of reader.entries(item.node, path, item.use)) {
      switch (field.key) {
        case 'path':
          include.paths = readPathList(reader, field) ?? [];
          break;
        case 'project_directory': {
          const value = reader.readEntryString(field);
          if (value) include.projectDirectory = readPath(reader, value);
          break;
        }
        case 'env_file':
          include.envFiles = readPathList(reader, field);
          break;
      }
    }
    if (include.paths.length === 0) {
      reader.reportTypeError(range, `${path} is missing the required field "path"`);
      continue;
    }
    includes.push(include);
  }
  return includes;
}

/** Reads a path that is a string or a list of strings. */
function readPathList(reader: DocumentReader, field: MapEntry): PathValue[] | undefined {
  if (isScalar(field.value) && typeof field.value.value === 'string') {
    return [readPath(reader, reader.locate(reader.text(field.value).value, field.value, field.use))];
  }
  const values = reader.readEntryStringList(field);
  return values?.map((value) => readPath(reader, value));
}

function readPath(reader: DocumentReader, value: PathValue | Omit<PathValue, 'path'>): PathValue {
  return { ...value, path: resolveLocalPath(reader.pathBase, value.value) };
}

/**
 * Finds the top-level `name` of a document before interpolation, when it is
 * a non-empty string. Compose picks the project name from these raw values
 * before it interpolates the files.
 */
export function findDeclaredName(source: YamlDocument): Scalar<string> | undefined {
  const contents = resolveNode(source, source.document.contents);
  if (!isMap(contents)) return undefined;

  for (const pair of contents.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || key.value !== 'name') continue;
    const value = resolveNode(source, pair.value);
    if (isScalar(value) && typeof value.value === 'string' && value.value !== '') return value as Scalar<string>;
    return undefined;
  }
  return undefined;
}
