import type { BuildLayer, ServiceLayer } from './layers.js';
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
 *   earlier one at its position, and `build.platforms` is appended as is.
 *
 * The result keeps services in the order they were first defined. A service's
 * `nameRange` stays where it was first defined.
 */
export function mergeServices(accumulated: Map<string, ServiceLayer>, later: readonly ServiceLayer[]): void {
  for (const service of later) {
    const normalized = removeDuplicates(service);
    const earlier = accumulated.get(service.name);
    accumulated.set(service.name, earlier ? mergeService(earlier, normalized) : normalized);
  }
}

function mergeService(earlier: ServiceLayer, later: ServiceLayer): ServiceLayer {
  return {
    name: earlier.name,
    nameRange: earlier.nameRange,
    image: later.image ?? earlier.image,
    platform: later.platform ?? earlier.platform,
    profiles: mergeOptional(earlier.profiles, later.profiles, appendUnique),
    build: mergeOptional(earlier.build, later.build, mergeBuild),
    provider: later.provider ?? earlier.provider,
  };
}

/**
 * The `build` range, key range and form are those of the later document,
 * which wrote the `build` key last; `shortForm` stays true only while every
 * document used the short form.
 */
function mergeBuild(earlier: BuildLayer, later: BuildLayer): BuildLayer {
  return {
    range: later.range,
    keyRange: later.keyRange,
    shortForm: earlier.shortForm && later.shortForm,
    context: later.context ?? earlier.context,
    dockerfile: later.dockerfile ?? earlier.dockerfile,
    dockerfileInline: later.dockerfileInline ?? earlier.dockerfileInline,
    target: later.target ?? earlier.target,
    args: mergeOptional(earlier.args, later.args, mergeByKey),
    additionalContexts: mergeOptional(earlier.additionalContexts, later.additionalContexts, mergeByKey),
    platforms: mergeOptional(earlier.platforms, later.platforms, (first, second) => [...first, ...second]),
    tags: mergeOptional(earlier.tags, later.tags, appendUnique),
  };
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

function mergeOptional<T>(earlier: T | undefined, later: T | undefined, merge: (earlier: T, later: T) => T): T | undefined {
  if (later === undefined) return earlier;
  if (earlier === undefined) return later;
  return merge(earlier, later);
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
