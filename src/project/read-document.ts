import { isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { DocumentReader } from './document-reader.js';
import type { MergeTag, ServiceLayer } from './layers.js';
import { readService } from './read-service.js';
import { resolveNode, type YamlDocument } from './yaml-file.js';

/** The contribution of one YAML document to the project. */
export interface DocumentLayer {
  /** False for an empty document, which Compose treats as no content at all. */
  hasContent: boolean;
  services: ServiceLayer[];
  /** `!reset` or `!override` on `services`, which drops the services of earlier documents. */
  servicesTag?: MergeTag;
}

/**
 * Reads the top level of an interpolated document. Reports a top level that
 * is not a mapping, `services` that is not a mapping and a `name` that is
 * not a string.
 */
export function readDocument(reader: DocumentReader): DocumentLayer {
  const contents = reader.resolve(reader.source.document.contents);
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { hasContent: false, services: [] };
  }
  if (!isMap(contents)) {
    reader.reportSchemaError(reader.range(contents), 'top-level object must be a mapping');
    return { hasContent: true, services: [] };
  }

  const layer: DocumentLayer = { hasContent: contents.items.length > 0, services: [] };
  for (const entry of reader.entries(contents, '')) {
    if (entry.key === 'name') {
      reader.readString(entry.value, 'name', reader.valueRange(entry));
      continue;
    }
    // NOTE: top-level `include` is not applied yet, so services of included
    // files are missing from the project.
    if (entry.key !== 'services') continue;
    if (entry.mergeTag) layer.servicesTag = entry.mergeTag;
    if (entry.mergeTag === 'reset' || entry.value === null) continue;
    if (isScalar(entry.value) && entry.value.value === null) continue;

    if (!isMap(entry.value)) {
      reader.reportSchemaError(reader.range(entry.value), 'services must be a mapping');
      continue;
    }
    for (const serviceEntry of reader.entries(entry.value, 'services')) {
      const service = readService(reader, serviceEntry);
      if (service) layer.services.push(service);
    }
  }
  return layer;
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
