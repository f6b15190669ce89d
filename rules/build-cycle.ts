import { displayLocation } from '../src/engine/describe.js';
import type { Analysis } from '../src/engine/analysis.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { findCycles } from '../src/graph/cycles.js';
import type { BuildEdge } from '../src/graph/graph.js';
import { describeReference } from './undeclared-build-dependency.js';

function describeEdge(analysis: Analysis, edge: BuildEdge): string {
  const evidence = edge.evidence;
  const how =
    evidence.kind === 'context'
      ? `additional context "${evidence.entry.key}: ${evidence.entry.value}"`
      : `\`${describeReference(evidence.reference.reference)}\``;
  const range = evidence.kind === 'context' ? evidence.entry.valueRange : evidence.reference.reference.range;
  return `"${edge.from}" needs "${edge.to}" through ${how} at ${displayLocation(analysis, range)}`;
}

function edgeRange(edge: BuildEdge) {
  return edge.evidence.kind === 'context' ? edge.evidence.entry.valueRange : edge.evidence.reference.reference.range;
}

export const buildCycle: Rule = {
  meta: {
    id: 'build-cycle',
    severity: 'error',
    description: 'Services need each other\'s images to build, so no build order exists.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    for (const cycle of findCycles(analysis.graph)) {
      const first = cycle[0]!;
      const path = [...cycle.map((edge) => edge.from), first.from].join(' -> ');
      const selfLoop = cycle.length === 1;

      yield {
        message:
          (selfLoop
            ? `Service "${first.from}" needs its own image to build: ${describeEdge(analysis, first)}. `
            : `Build cycle ${path}: ${cycle.map((edge) => describeEdge(analysis, edge)).join('; ')}. `) +
          `No build order can satisfy this, and Bake fails with ` +
          (selfLoop ? `"target ${first.from} cannot link to itself"` : `"infinite loop"`) +
          ` or builds from a stale image. Remove one of these references, for example by moving the shared steps ` +
          `into a separate base service or stage.`,
        range: edgeRange(first),
        related: cycle.slice(1).map((edge) => ({ message: describeEdge(analysis, edge), range: edgeRange(edge) })),
      };
    }
  },
};
