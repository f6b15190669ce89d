import type { BuildEdge, BuildGraph } from './graph.js';

export type BuildWaves = { kind: 'waves'; waves: string[][]; edges: BuildEdge[] } | { kind: 'cycle'; services: string[] };

/**
 * The services that `requested` need, transitively, including themselves;
 * every buildable service when `requested` is empty.
 */
export function selectServices(graph: BuildGraph, requested: string[]): Set<string> {
  if (requested.length === 0) return new Set(graph.services);

  const selected = new Set<string>();
  const pending = [...requested];
  while (pending.length > 0) {
    const service = pending.pop()!;
    if (selected.has(service)) continue;
    selected.add(service);
    for (const edge of graph.edges) if (edge.from === service) pending.push(edge.to);
  }
  return selected;
}

/**
 * Groups services into waves: every service builds after all the services it
 * needs, which are in earlier waves, and the services of one wave can build
 * in parallel. Services keep their definition order inside a wave.
 */
export function buildWaves(graph: BuildGraph, selected: Set<string>): BuildWaves {
  const edges = graph.edges.filter((edge) => selected.has(edge.from) && selected.has(edge.to));
  const needs = new Map<string, Set<string>>();
  for (const service of graph.services) if (selected.has(service)) needs.set(service, new Set());
  for (const edge of edges) needs.get(edge.from)!.add(edge.to);

  const waves: string[][] = [];
  const built = new Set<string>();
  while (built.size < needs.size) {
    const wave = [...needs].filter(([service, required]) => !built.has(service) && [...required].every((other) => built.has(other) && other !== service));
    if (wave.length === 0) {
      return { kind: 'cycle', services: [...needs.keys()].filter((service) => !built.has(service)) };
    }
    for (const [service] of wave) built.add(service);
    waves.push(wave.map(([service]) => service));
  }
  return { kind: 'waves', waves, edges };
}
