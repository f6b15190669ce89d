import { displayLocation } from '../src/engine/describe.js';
import { additionalContextFix } from '../src/fix/fixes.js';
import { cyclicComponents } from '../src/graph/cycles.js';
import { matchableKey } from './unmatchable-context-key.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import type { StageReference } from '../src/dockerfile/types.js';

/** How a reference reads in the Dockerfile, for messages. */
export function describeReference(reference: StageReference): string {
  switch (reference.kind) {
    case 'from':
      return `FROM ${reference.text}`;
    case 'copy-from':
      return `--from=${reference.text}`;
    case 'mount-from':
      return `--mount=from=${reference.text}`;
  }
}

export const undeclaredBuildDependency: Rule = {
  meta: {
    id: 'undeclared-build-dependency',
    severity: 'error',
    description: "A Dockerfile uses another service's image, but the build does not declare it in additional_contexts.",
    fixable: true,
  },

  *check(analysis): Iterable<RuleReport> {
    const cyclic = cyclicComponents(analysis.graph);
    const builds = new Map(analysis.builds.map((build) => [build.service.name, build]));
    for (const edge of analysis.graph.edges) {
      if (edge.declared || edge.evidence.kind !== 'reference' || edge.from === edge.to) continue;

      const { reference, expanded } = edge.evidence.reference;
      const { producer, contextKey } = edge.evidence;
      const written = describeReference(reference);
      const expansion = expanded !== undefined && expanded !== reference.text ? ` (expanded to "${expanded}")` : '';

      // A key written in a form that never matches gets renamed by the
      // unmatchable-context-key fix; adding the entry too would duplicate it.
      const build = builds.get(edge.from)!;
      const misspelled = build.build.additionalContexts.find(
        (entry) => entry.key !== contextKey && matchableKey(entry.key) === contextKey,
      );
      // Declaring an edge of a build cycle would hand Bake a loop it rejects,
      // so those wait until the user breaks the cycle.
      const fix =
        misspelled === undefined && cyclic.get(edge.from)?.has(edge.to) !== true
          ? additionalContextFix(analysis, edge.from, contextKey, `service:${edge.to}`)
          : undefined;
      const remedy =
        misspelled === undefined
          ? `Add \`${contextKey}: "service:${edge.to}"\` under build.additional_contexts of service "${edge.from}".`
          : `Its additional context "${misspelled.key}" (${displayLocation(analysis, misspelled.keyRange)}) never matches; ` +
            `rename the key to "${contextKey}".`;

      yield {
        message:
          `Service "${edge.from}" builds from "${producer.image}", the image that service "${edge.to}" builds ` +
          `(${displayLocation(analysis, producer.range)}), through \`${written}\`${expansion}, ` +
          `but does not declare that dependency. Compose builds all services in parallel and depends_on does not ` +
          `order builds, so this build may use a stale local image or fail with "pull access denied". ${remedy}`,
        range: reference.range,
        related: [{ message: `Service "${edge.to}" builds "${producer.image}" here.`, range: producer.range }],
        fixes: fix === undefined ? [] : [fix],
      };
    }
  },
};
