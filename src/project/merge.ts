import type { BuildLayer, MergeTag, ServiceLayer } from './layers.js';
import type { KeyedEntry, Located } from './types.js';

/**
 * Merges the services of a later document or file into the accumulated ones,
 * with the rules of compose-go `override/merge.go` and `override/uncity.go`:
 *
 * - scalars are replaced by the later value, and its range moves with it;
 * - `build` in short form is read as `{context: …}` and merged field by field;
 * - `build.args` and `build.additional_contexts` merge by key, and a later
 *   entry replaces an earlier one with the same key at the earlier position;
 * - `build.tags` and `profiles` are appended, a later duplicate replacing the
 *   earlier one at its position, and `build.platforms` is appended as is;
 * - `!reset` drops a value and `!override` replaces it without merging.
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

function mergeService(earlier: ServiceLayer, later: ServiceLayer): ServiceLayer {
  const tags = later.fieldTags;
  return {
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
}

/**
 * Merges two `build` layers. The range, key range and form come from the
 * later document, which wrote the `build` key last. `shortForm` stays true
 * only while every document used the short form.
 */
function mergeBuild(earlier: BuildLayer, later: BuildLayer): BuildLayer {
  const tags = later.fieldTags;
  return {
    fieldTags: later.fieldTags,
    range: later.range,
    keyRange: later.keyRange,
    shortForm: earlier.shortForm && later.shortForm,
    context: mergeField(tags.get('context'), earlier.context, later.context),
    dockerfile: mergeField(tags.get('dockerfile'), earlier.dockerfile, later.dockerfile),
    dockerfileInline: mergeField(tags.get('dockerfile_inline'), earlier.dockerfileInline, later.dockerfileInline),
    target: mergeField(tags.get('target'), earlier.target, later.target),
    args: mergeField(tags.get('args'), earlier.args, later.args, mergeByKey),
    additionalContexts: mergeField(tags.get('additional_contexts'), earlier.additionalContexts, later.additionalContexts, mergeByKey),
    platforms: mergeField(tags.get('platforms'), earlier.platforms, later.platforms, (first, second) => [...first, ...second]),
    tags: mergeField(tags.get('tags'), earlier.tags, later.tags, appendUnique),
  };
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
    args: service.build.args && mergeByKey([], service.build.args),
    additionalContexts: service.build.additionalContexts && mergeByKey([], service.build.additionalContexts),
    tags: service.build.tags && appendUnique([], service.build.tags),
  };
  return { ...service, profiles: service.profiles && appendUnique([], service.profiles), build };
}

function mergeByKey(earlier: readonly KeyedEntry[], later: readonly KeyedEntry[]): KeyedEntry[] {
  return replaceDuplicates([...earlier, ...later], (entry) => entry.key);
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
