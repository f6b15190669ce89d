import { isMap, isScalar } from 'yaml';
import type { DocumentReader, MapEntry } from './document-reader.js';
import type { ExtendsLayer, ServiceLayer } from './layers.js';
import { isRemoteContext, resolveLocalPath } from './paths.js';
import { readBuild } from './read-build.js';

/**
 * Reads one entry of `services`. Fields the model does not cover, `x-*`
 * extensions included, are ignored. Returns `undefined` after reporting a
 * service that is not a mapping.
 */
export function readService(reader: DocumentReader, entry: MapEntry): ServiceLayer | undefined {
  const node = entry.value;
  const service: ServiceLayer = { name: entry.key, nameRange: reader.range(entry.keyNode), fieldTags: new Map() };
  if (entry.mergeTag) service.mergeTag = entry.mergeTag;
  if (entry.mergeTag === 'reset') return service;

  if (!isMap(node)) {
    reader.reportTypeError(reader.valueRange(entry), `${entry.path} must be a mapping`);
    return undefined;
  }

  for (const field of reader.entries(node, entry.path, entry.use)) {
    if (field.mergeTag) service.fieldTags.set(field.key, field.mergeTag);
    if (field.mergeTag === 'reset') continue;

    switch (field.key) {
      case 'image':
        service.image = reader.readEntryString(field);
        if (service.image === undefined || (isScalar(field.value) && reader.interpolated.get(field.value)?.failed)) {
          service.sourceFailed = true;
        }
        break;
      case 'platform':
        service.platform = reader.readEntryString(field);
        break;
      case 'profiles':
        service.profiles = reader.readEntryStringList(field);
        break;
      case 'build':
        service.build = readBuild(reader, field);
        if (service.build === undefined) service.sourceFailed = true;
        break;
      case 'provider':
        service.provider = reader.valueRange(field);
        break;
      case 'extends':
        service.extends = readExtends(reader, field);
        // A malformed `extends` is reported; the service may still lack what it meant to inherit.
        if (service.extends === undefined) service.extendsFailed = true;
        break;
    }
  }
  return service;
}

/** Reads `extends: service` or `extends: {service, file}`; `file` resolves against the document's directory. */
function readExtends(reader: DocumentReader, field: MapEntry): ExtendsLayer | undefined {
  const node = field.value;
  const range = reader.valueRange(field);

  if (isScalar(node) && typeof node.value === 'string') {
    return { service: reader.locate(reader.text(node).value, node, field.use), file: undefined, range };
  }
  if (!isMap(node)) {
    reader.reportTypeError(range, `${field.path} must be a string or a mapping`);
    return undefined;
  }

  let service: ExtendsLayer['service'] | undefined;
  let file: ExtendsLayer['file'];
  for (const item of reader.entries(node, field.path, field.use)) {
    const value = reader.readEntryString(item);
    if (value === undefined) continue;
    if (item.key === 'service') service = value;
    if (item.key === 'file') {
      const path = isRemoteContext(value.value) ? undefined : resolveLocalPath(reader.pathBase, value.value);
      file = { ...value, path };
    }
  }

  if (service === undefined) {
    reader.reportTypeError(range, `${field.path} is missing the required field "service"`);
    return undefined;
  }
  return { service, file, range };
}
