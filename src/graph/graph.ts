import type { ResolvedReference } from '../dockerfile/types.js';
import type { ServiceBuild } from '../engine/analysis.js';
import type { ComposeProject, KeyedEntry } from '../project/types.js';
import { imageName } from '../project/types.js';
import { namedContextKey, normalizedImageName } from '../reference/reference.js';
import type { SourceRange } from '../source.js';

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
  const buildable = new Set(builds.map((build) => build.service.name));
  const edges: BuildEdge[] = [];

  for (const build of builds) {
    for (const entry of build.build.additionalContexts) {
      const target = contextService(entry.value);
      if (target !== undefined && buildable.has(target)) {
        edges.push({ from: build.service.name, to: target, declared: true, evidence: { kind: 'context', entry } });
      }
    }

    for (const resolved of build.references) {
      if (resolved.target.kind !== 'external') continue;

      // A declared context with the reference's key wins over the image, so
      // the reference needs no ordering of its own.
      const name = resolved.target.name;
      if (declaredContext(build, name) !== undefined) continue;

      const normalized = normalizedImageName(name);
      const contextKey = namedContextKey(name);
      if (normalized === undefined || contextKey === undefined) continue;

      for (const producer of producers.get(normalized) ?? []) {
        edges.push({
          from: build.service.name,
          to: producer.service,
          declared: false,
          evidence: { kind: 'reference', reference: resolved, producer, contextKey },
        });
      }
    }
  }

  return { producers, edges, services: builds.map((build) => build.service.name) };
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
