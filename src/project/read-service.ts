import { isMap } from 'yaml';
import type { DocumentReader, MapEntry } from './document-reader.js';
import type { ServiceLayer } from './layers.js';
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
    reader.reportSchemaError(reader.valueRange(entry), `${entry.path} must be a mapping`);
    return undefined;
  }

  for (const field of reader.entries(node, entry.path)) {
    if (field.mergeTag) service.fieldTags.set(field.key, field.mergeTag);
    if (field.mergeTag === 'reset') continue;

    const fallbackRange = reader.valueRange(field);
    switch (field.key) {
      case 'image':
        service.image = reader.readString(field.value, field.path, fallbackRange);
        break;
      case 'platform':
        service.platform = reader.readString(field.value, field.path, fallbackRange);
        break;
      case 'profiles':
        service.profiles = reader.readStringList(field.value, field.path, fallbackRange);
        break;
      case 'build':
        service.build = readBuild(reader, field);
        break;
      case 'provider':
        service.provider = fallbackRange;
        break;
      // NOTE: the loader does not apply `extends` yet, so fields inherited
      // from the extended service are missing from the model.
      case 'extends':
        service.extends = fallbackRange;
        break;
    }
  }
  return service;
}
