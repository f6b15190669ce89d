import type { ResolvedReference, StageReference } from '../dockerfile/types.js';
import type { ServiceBuild } from '../engine/analysis.js';
import type { ComposeProject, KeyedEntry } from '../project/types.js';
import { imageName } from '../project/types.js';
import { namedContextKey, normalizedImageName } from '../reference/reference.js';
import type { SourceRange } from '../source.js';
import { imageTriggers, resolveTrigger, type TriggerReference, type TriggerSource } from './triggers.js';

export type { TriggerReference, TriggerSource } from './triggers.js';

/** An image name that a service's build writes. */
export interface Producer {
  service: string;
  /** The name as written in `image:` or `build.tags`, or the default name. */
  image: string;
  /** `normalizedImageName(image)`, the form references are compared in. */
  normalized: string;
  origin: 'image' | 'tag' | 'default';
  /** Where the name is written; the service's key for a default name. */
  range: SourceRange;
}

/** `additional_contexts: {KEY: "service:NAME"}` on the consumer. */
export interface ContextEvidence {
  kind: 'context';
  entry: KeyedEntry;
}

/** A Dockerfile reference that BuildKit resolves to another service's image. */
export interface ReferenceEvidence {
  kind: 'reference';
  reference: ResolvedReference;
  producer: Producer;
  /** The named-context key BuildKit looks the reference up under. */
  contextKey: string;
  /**
   * Set when the reference belongs to an `ONBUILD` trigger of the consumer's
   * base image: it is written in that image's Dockerfile but runs in the
   * consumer's build.
   */
  source?: TriggerSource;
}

/**
 * Service `from` needs the image that service `to` builds. Declared edges come
 * from `service:` contexts, which Compose and Bake order; undeclared edges come
 * from Dockerfile references that nothing orders.
 */
export interface BuildEdge {
  from: string;
  to: string;
  declared: boolean;
  evidence: ContextEvidence | ReferenceEvidence;
}

export interface BuildGraph {
  /** Producers by normalized image name. */
  producers: Map<string, Producer[]>;
  edges: BuildEdge[];
  /** Services that have `build`, in definition order. */
  services: string[];
  /**
   * By consumer service: the references of the `ONBUILD` triggers that its
   * base images bring into its build, once each.
   */
  triggerReferences: Map<string, TriggerReference[]>;
}

/** The context entry a reference resolves to, if this service declares its key. */
export function declaredContext(build: ServiceBuild, name: string): KeyedEntry | undefined {
  const key = namedContextKey(name);
  if (key === undefined) return undefined;
  return build.build.additionalContexts.find((entry) => entry.key === key);
}

/** The service named by a `service:NAME` context value, or undefined for other values. */
export function contextService(value: string | undefined): string | undefined {
  return value?.startsWith('service:') ? value.slice('service:'.length) : undefined;
}

export function buildGraph(project: ComposeProject, builds: ServiceBuild[]): BuildGraph {
  const producers = collectProducers(project, builds);
  const buildsByService = new Map(builds.map((build) => [build.service.name, build]));
  const edges: BuildEdge[] = [];
  const edgeKeys = new Set<string>();
  const triggerReferences = new Map<string, TriggerReference[]>();

  const addReferenceEdges = (build: ServiceBuild, resolved: ResolvedReference, source?: TriggerSource): void => {
    if (resolved.target.kind !== 'external') return;

    // A declared context with the reference's key wins over the image, so
    // the reference needs no ordering of its own.
    const name = resolved.target.name;
    if (declaredContext(build, name) !== undefined) return;

    const normalized = normalizedImageName(name);
    const contextKey = namedContextKey(name);
    if (normalized === undefined || contextKey === undefined) return;

    for (const producer of producers.get(normalized) ?? []) {
      // The same trigger reaches a consumer through every FROM of the
      // producer's image, but it is one dependency.
      const key = edgeKey(build.service.name, producer.service, resolved.reference);
      if (edgeKeys.has(key)) continue;
      edgeKeys.add(key);

      const evidence: ReferenceEvidence = { kind: 'reference', reference: resolved, producer, contextKey };
      if (source !== undefined) evidence.source = source;
      edges.push({ from: build.service.name, to: producer.service, declared: false, evidence });
    }
  };

  for (const build of builds) {
    for (const entry of build.build.additionalContexts) {
      const target = contextService(entry.value);
      if (target !== undefined && buildsByService.has(target)) {
        edges.push({ from: build.service.name, to: target, declared: true, evidence: { kind: 'context', entry } });
      }
    }

    for (const resolved of build.references) addReferenceEdges(build, resolved);

    const triggers = collectTriggerReferences(build, producers, buildsByService);
    for (const trigger of triggers) addReferenceEdges(build, trigger, trigger.source);
    if (triggers.length > 0) triggerReferences.set(build.service.name, triggers);
  }

  return { producers, edges, services: builds.map((build) => build.service.name), triggerReferences };
}

/**
 * Follows each `FROM` of a build that resolves to an image another service
 * builds, by name or through a `service:` context, and resolves the
 * `ONBUILD` triggers of that image in this build. Each trigger reference is
 * listed once, however many stages use the image.
 */
function collectTriggerReferences(
  build: ServiceBuild,
  producers: Map<string, Producer[]>,
  buildsByService: Map<string, ServiceBuild>,
): TriggerReference[] {
  const triggers: TriggerReference[] = [];
  const seen = new Set<string>();

  for (const base of build.references) {
    if (base.reference.kind !== 'from') continue;

    for (const service of baseImageServices(build, base, producers, buildsByService)) {
      for (const reference of imageTriggers(buildsByService.get(service)!)) {
        const key = referenceKey(reference);
        if (seen.has(key)) continue;
        seen.add(key);
        triggers.push({ ...resolveTrigger(build, reference), source: { service, base } });
      }
    }
  }
  return triggers;
}

/** Returns the services whose image a `FROM` resolves to: through a declared `service:` context, else by image name. */
function baseImageServices(
  build: ServiceBuild,
  base: ResolvedReference,
  producers: Map<string, Producer[]>,
  buildsByService: Map<string, ServiceBuild>,
): string[] {
  if (base.target.kind !== 'external') return [];

  const declared = declaredContext(build, base.target.name);
  if (declared !== undefined) {
    const service = contextService(declared.value);
    return service !== undefined && buildsByService.has(service) ? [service] : [];
  }

  const normalized = normalizedImageName(base.target.name);
  if (normalized === undefined) return [];
  return (producers.get(normalized) ?? []).map((producer) => producer.service);
}

function referenceKey(reference: StageReference): string {
  return `${reference.range.file}:${reference.range.start.offset}`;
}

function edgeKey(from: string, to: string, reference: StageReference): string {
  return `${from}\0${to}\0${referenceKey(reference)}`;
}

function collectProducers(project: ComposeProject, builds: ServiceBuild[]): Map<string, Producer[]> {
  const producers = new Map<string, Producer[]>();

  const add = (service: string, image: string, origin: Producer['origin'], range: SourceRange): void => {
    const normalized = normalizedImageName(image);
    if (normalized === undefined) return;

    const list = producers.get(normalized) ?? [];
    if (list.some((producer) => producer.service === service)) return;
    list.push({ service, image, normalized, origin, range });
    producers.set(normalized, list);
  };

  for (const { service, build } of builds) {
    if (service.image !== undefined) {
      add(service.name, service.image.value, 'image', service.image.range);
    } else {
      add(service.name, imageName(project, service), 'default', service.nameRange);
    }
    for (const tag of build.tags) add(service.name, tag.value, 'tag', tag.range);
  }

  return producers;
}
