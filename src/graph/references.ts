import type { ResolvedReference } from '../dockerfile/types.js';
import type { ServiceBuild } from '../engine/analysis.js';
import { memoized } from '../memo.js';
import { familiarName, namedContextKey, normalizedImageName, parseImageReference } from '../reference/reference.js';
import { declaredContext, type BuildGraph, type Producer } from './graph.js';

/** A Dockerfile reference that BuildKit pulls as an image, because no stage, `scratch` or declared context matches it. */
export interface ImageLookup {
  resolved: ResolvedReference;
  /** The name after ARG expansion. */
  name: string;
  /** The key a context entry needs to replace the image: the short form without `:latest`. */
  contextKey: string;
  /** The fully qualified name, as `normalizedImageName` returns it. */
  normalized: string;
}

/**
 * Returns the references of a build's own Dockerfile that BuildKit resolves
 * as images. Invalid names are left out, because BuildKit rejects them before
 * any lookup, and so is `context`, which BuildKit never looks up among named
 * contexts, so no context entry can replace it. So is a name that one of the
 * build's entries spells in a form BuildKit never matches, such as the key
 * `base:latest` for `FROM base`: the entry is meant for it, and the key is
 * the problem to report.
 */
export function imageLookups(build: ServiceBuild): readonly ImageLookup[] {
  return memoized(lookupsByBuild, build, findImageLookups);
}

/** The image lookups of each build, which several rules read. A build belongs to one analysis, so an entry lives as long as that analysis. */
const lookupsByBuild = new WeakMap<ServiceBuild, readonly ImageLookup[]>();

function findImageLookups(build: ServiceBuild): ImageLookup[] {
  const lookups: ImageLookup[] = [];
  for (const resolved of build.references) {
    if (resolved.target.kind !== 'external') continue;

    const name = resolved.target.name;
    const contextKey = namedContextKey(name);
    const normalized = normalizedImageName(name);
    if (contextKey === undefined || normalized === undefined || contextKey === 'context') continue;
    if (declaredContext(build, name) !== undefined || declaresMisspelled(build, contextKey)) continue;

    lookups.push({ resolved, name, contextKey, normalized });
  }
  return lookups;
}

/** Checks whether an entry of the build has a key that normalizes to `contextKey` but is not written that way. */
function declaresMisspelled(build: ServiceBuild, contextKey: string): boolean {
  return build.build.additionalContexts.some(
    (entry) => entry.key !== contextKey && (namedContextKey(entry.key) ?? namedContextKey(entry.key.toLowerCase())) === contextKey,
  );
}

/** Returns the producers whose image a reference names, after normalization. */
export function producersOf(graph: BuildGraph, lookup: ImageLookup): Producer[] {
  return graph.producers.get(lookup.normalized) ?? [];
}

/** Returns the repository of an image name without tag or digest, in the short form: `nginx:1.25` gives `nginx`. */
export function repositoryName(text: string): string | undefined {
  const reference = parseImageReference(text);
  if (reference === undefined) return undefined;
  return familiarName({ ...reference, tag: undefined, digest: undefined });
}

/**
 * Checks whether a build pulls an image of the repository `repository`, in
 * any tag. A service that builds on `nginx:1.25` shows that in this project
 * `nginx` means the upstream image.
 */
export function pullsRepository(build: ServiceBuild, repository: string): boolean {
  return imageLookups(build).some((lookup) => repositoryName(lookup.name) === repository);
}
