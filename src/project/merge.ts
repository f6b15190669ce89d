import type { BuildLayer, KeyedLayer, MergeTag, ServiceLayer } from './layers.js';
import type { KeyedEntry, Located } from './types.js';

/**
 * Merges the services of a later document or file into the accumulated ones,
 * with the rules of compose-go `override/merge.go` and `override/uncity.go`:
 *
 * - scalars are replaced by the later value, and its range moves with it;
 * - `build` in short form is read as `{context: …}` and merged field by field;
 * - `build.args`, `build.additional_contexts` and `build.labels` merge by
 *   key, and a later entry replaces an earlier one with the same key at the
 *   earlier position;
 * - `build.tags` and `profiles` are appended, a later duplicate replacing the
 *   earlier one at its position, while `build.platforms` and `build.secrets`
 *   are appended as they are;
 * - `!reset` drops a value and `!override` replaces it without merging. On
 *   one key of such a keyed field, `!reset` removes
 *   the earlier entry only while the earlier value is still the mapping of
 *   one document, because Compose merges two documents' values into a list
 *   and does not reset list items.
 *
 * The result keeps services in the order they were first defined. A service's
 * `nameRange` stays where it was first defined.
 */
export function mergeServices(accumulated: Map<string, ServiceLayer>, later: readonly ServiceLayer[]): void {
  for (const service of later) {
    if (service.mergeTag === 'reset') {
      accumulated.delete(service.name);
      continue;
    }

    const deduplicated = removeDuplicates(service);
    const earlier = accumulated.get(service.name);
    const merged = earlier && service.mergeTag !== 'override' ? mergeService(earlier, deduplicated) : deduplicated;
    accumulated.set(service.name, merged);
  }
}

/**
 * Merges a service over the service it extends, as compose-go
 * `override.ExtendService` does with the same rules as merging files. The
 * result has the extending service's name and no `extends`.
 */
export function extendService(base: ServiceLayer, service: ServiceLayer): ServiceLayer {
  const merged = mergeService(removeDuplicates(base), removeDuplicates(service));
  const { extends: _extends, ...rest } = merged;
  return {
    ...rest,
    name: service.name,
    nameRange: service.nameRange,
    extendsFailed: service.extendsFailed || base.extendsFailed,
    sourceFailed: service.sourceFailed || base.sourceFailed,
  };
}

function mergeService(earlier: ServiceLayer, later: ServiceLayer): ServiceLayer {
  const tags = later.fieldTags;
  const merged: ServiceLayer = {
    name: earlier.name,
    nameRange: earlier.nameRange,
    fieldTags: later.fieldTags,
    image: mergeField(tags.get('image'), earlier.image, later.image),
    platform: mergeField(tags.get('platform'), earlier.platform, later.platform),
    profiles: mergeField(tags.get('profiles'), earlier.profiles, later.profiles, appendUnique),
    build: mergeField(tags.get('build'), earlier.build, later.build, mergeBuild),
    provider: mergeField(tags.get('provider'), earlier.provider, later.provider),
    extends: mergeField(tags.get('extends'), earlier.extends, later.extends),
  };
  if (earlier.extendsFailed || later.extendsFailed) merged.extendsFailed = true;
  if (earlier.sourceFailed || later.sourceFailed) merged.sourceFailed = true;
  return merged;
}

/**
 * Merges two `build` layers. The range, key range and form come from the
 * later document, which wrote the `build` key last. `shortForm` stays true
 * only while every document used the short form.
 */
function mergeBuild(earlier: BuildLayer, later: BuildLayer): BuildLayer {
  const tags = later.fieldTags;
  const merged: BuildLayer = {
    fieldTags: later.fieldTags,
    range: later.range,
    keyRange: later.keyRange,
    shortForm: earlier.shortForm && later.shortForm,
    context: mergeField(tags.get('context'), earlier.context, later.context),
    defaultContextPath: later.defaultContextPath ?? earlier.defaultContextPath,
    dockerfile: mergeField(tags.get('dockerfile'), earlier.dockerfile, later.dockerfile),
    dockerfileInline: mergeField(tags.get('dockerfile_inline'), earlier.dockerfileInline, later.dockerfileInline),
    target: mergeField(tags.get('target'), earlier.target, later.target),
    args: mergeField(tags.get('args'), earlier.args, later.args, mergeByKey),
    additionalContexts: mergeField(tags.get('additional_contexts'), earlier.additionalContexts, later.additionalContexts, mergeByKey),
    labels: mergeField(tags.get('labels'), earlier.labels, later.labels, mergeByKey),
    platforms: mergeField(tags.get('platforms'), earlier.platforms, later.platforms, (first, second) => [...first, ...second]),
    tags: mergeField(tags.get('tags'), earlier.tags, later.tags, appendUnique),
    secrets: mergeField(tags.get('secrets'), earlier.secrets, later.secrets, (first, second) => [...first, ...second]),
  };
  if (later.anchor) merged.anchor = later.anchor;
  return merged;
}

/** Merges one field. Without `merge`, the later value replaces the earlier one. */
function mergeField<T>(
  tag: MergeTag | undefined,
  earlier: T | undefined,
  later: T | undefined,
  merge: (earlier: T, later: T) => T = (_earlier, value) => value,
): T | undefined {
  if (tag === 'reset') return undefined;
  if (tag === 'override' || earlier === undefined) return later;
  if (later === undefined) return earlier;
  return merge(earlier, later);
}

/** Applies the de-duplication that Compose also runs within one list. */
function removeDuplicates(service: ServiceLayer): ServiceLayer {
  const build = service.build && {
    ...service.build,
    args: service.build.args && { ...service.build.args, entries: replaceDuplicates(service.build.args.entries, keyOf) },
    additionalContexts: service.build.additionalContexts && {
      ...service.build.additionalContexts,
      entries: replaceDuplicates(service.build.additionalContexts.entries, keyOf),
    },
    labels: service.build.labels && { ...service.build.labels, entries: replaceDuplicates(service.build.labels.entries, keyOf) },
    tags: service.build.tags && appendUnique([], service.build.tags),
  };
  return { ...service, profiles: service.profiles && appendUnique([], service.profiles), build };
}

function mergeByKey(earlier: KeyedLayer, later: KeyedLayer): KeyedLayer {
  const remaining = earlier.isMapping ? earlier.entries.filter((entry) => !later.resetKeys.includes(entry.key)) : earlier.entries;
  return { entries: replaceDuplicates([...remaining, ...later.entries], keyOf), isMapping: false, resetKeys: [] };
}

function keyOf(entry: KeyedEntry): string {
  return entry.key;
}

function appendUnique(earlier: readonly Located<string>[], later: readonly Located<string>[]): Located<string>[] {
  return replaceDuplicates([...earlier, ...later], (item) => item.value);
}

/** Keeps the first position of each identity with the last item that has it. */
function replaceDuplicates<T>(items: readonly T[], identify: (item: T) => string): T[] {
  const result: T[] = [];
  const positions = new Map<string, number>();
  for (const item of items) {
    const identity = identify(item);
    const position = positions.get(identity);
    if (position === undefined) {
      positions.set(identity, result.length);
      result.push(item);
    } else {
      result[position] = item;
    }
  }
  return result;
}
