import { memoized } from '../memo.js';
import type { BuildEdge, BuildGraph } from './graph.js';

/**
 * Finds the build cycles of a graph: one cycle of edges for every strongly
 * connected component that has more than one service, and every self-loop.
 * Results are deterministic: components and cycles start at the service
 * that comes first in definition order.
 */
export function findCycles(graph: BuildGraph): BuildEdge[][] {
  const order = new Map(graph.services.map((name, index) => [name, index]));
  const { outgoing, components } = analyzeComponents(graph);

  const cycles: BuildEdge[][] = [];
  for (const component of components) {
    if (component.length === 1) {
      const name = component[0]!;
      const selfLoop = (outgoing.get(name) ?? []).find((edge) => edge.to === name);
      if (selfLoop !== undefined) cycles.push([selfLoop]);
      continue;
    }

    const members = new Set(component);
    const start = [...component].sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
    const cycle = cycleThrough(start, members, outgoing);
    if (cycle !== undefined) cycles.push(cycle);
  }
  return cycles;
}

/**
 * The services of every strongly connected component that has a cycle, by
 * service. Two services in the same set need each other's images, directly
 * or through others, so an edge between them is part of some build cycle.
 */
export function cyclicComponents(graph: BuildGraph): Map<string, Set<string>> {
  const { outgoing, components } = analyzeComponents(graph);

  const cyclic = new Map<string, Set<string>>();
  for (const component of components) {
    const [first] = component;
    const selfLoop = component.length === 1 && (outgoing.get(first!) ?? []).some((edge) => edge.to === first);
    if (component.length === 1 && !selfLoop) continue;

    const members = new Set(component);
    for (const service of component) cyclic.set(service, members);
  }
  return cyclic;
}

/** The edges of a graph by the service they leave, and its strongly connected components. */
interface GraphComponents {
  outgoing: Map<string, BuildEdge[]>;
  components: string[][];
}

/** The components of each graph, which the cycle rules both read. A graph belongs to one analysis, so an entry lives as long as that analysis. */
const componentsByGraph = new WeakMap<BuildGraph, GraphComponents>();

function analyzeComponents(graph: BuildGraph): GraphComponents {
  return memoized(componentsByGraph, graph, () => {
    const outgoing = new Map<string, BuildEdge[]>();
    for (const edge of graph.edges) {
      const list = outgoing.get(edge.from) ?? [];
      list.push(edge);
      outgoing.set(edge.from, list);
    }
    return { outgoing, components: stronglyConnectedComponents(graph.services, outgoing) };
  });
}

/** Tarjan's algorithm, iterative so that long chains cannot overflow the stack. */
function stronglyConnectedComponents(nodes: string[], outgoing: Map<string, BuildEdge[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;

    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);

    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = outgoing.get(frame.node) ?? [];

      if (frame.next < edges.length) {
        const neighbour = edges[frame.next]!.to;
        frame.next++;
        if (!index.has(neighbour)) {
          index.set(neighbour, counter);
          lowLink.set(neighbour, counter);
          counter++;
          stack.push(neighbour);
          onStack.add(neighbour);
          work.push({ node: neighbour, next: 0 });
        } else if (onStack.has(neighbour)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(neighbour)!));
        }
        continue;
      }

      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      }

      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** A shortest cycle from `start` back to itself inside one component, by breadth-first search. */
function cycleThrough(
  start: string,
  members: Set<string>,
  outgoing: Map<string, BuildEdge[]>,
): BuildEdge[] | undefined {
  const via = new Map<string, BuildEdge>();
  const queue = [start];

  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const edge of outgoing.get(node) ?? []) {
      if (!members.has(edge.to)) continue;

      if (edge.to === start) {
        const cycle = [edge];
        for (let back = node; back !== start; back = via.get(back)!.from) cycle.unshift(via.get(back)!);
        return cycle;
      }
      if (!via.has(edge.to)) {
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  return undefined;
}
