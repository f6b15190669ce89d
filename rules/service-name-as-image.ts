import type { Analysis } from '../src/engine/analysis.js';
import { displayLocation } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { additionalContextFix } from '../src/fix/fixes.js';
import type { Producer } from '../src/graph/graph.js';
import { imageLookups, producersOf, pullsRepository } from '../src/graph/references.js';
import { describeReference } from './undeclared-build-dependency.js';
import { contextDeclarations } from './undeclared-named-context.js';

/** Returns the image a service is tagged with: its `image:`, or the default name when it sets none. */
export function mainProducer(analysis: Analysis, service: string): Producer | undefined {
  for (const producers of analysis.graph.producers.values()) {
    const found = producers.find((producer) => producer.service === service && producer.origin !== 'tag');
    if (found !== undefined) return found;
  }
  return undefined;
}

export const serviceNameAsImage: Rule = {
  meta: {
    id: 'service-name-as-image',
    severity: 'error',
    description: "A Dockerfile uses a service's name as an image, but Compose does not tag the service's image with that name.",
    fixable: true,
  },

  *check(analysis): Iterable<RuleReport> {
    const buildsByService = new Map(analysis.builds.map((build) => [build.service.name, build]));

    for (const build of analysis.builds) {
      for (const lookup of imageLookups(build)) {
        const named = buildsByService.get(lookup.contextKey);
        if (named === undefined || named === build) continue;

        // A matching image is undeclared-build-dependency's case, and a name
        // another service declares as a context is undeclared-named-context's.
        if (producersOf(analysis.graph, lookup).length > 0) continue;
        if (contextDeclarations(analysis, lookup.contextKey, build.service.name).length > 0) continue;
        const consumer = build.service.name;
        const dependency = named.service.name;

        // A service `nginx` that builds on `nginx:1.25` shows that the name
        // means the upstream image here.
        if (pullsRepository(named, dependency)) continue;

        const image = mainProducer(analysis, dependency);
        const builds =
          image === undefined ? ' builds an image of another name' : ` builds "${image.image}" (${displayLocation(analysis, image.range)})`;
        const fix = additionalContextFix(analysis, consumer, lookup.contextKey, `service:${dependency}`);

        yield {
          message:
            `Service "${consumer}" uses "${lookup.name}" through \`${describeReference(lookup.resolved.reference)}\`, ` +
            `which is the name of service "${dependency}", but Compose does not tag images with service names: ` +
            `service "${dependency}"${builds}. BuildKit pulls the image "${lookup.normalized}" instead, which fails ` +
            `with "pull access denied" or uses an unrelated image. To use the image that service "${dependency}" ` +
            `builds, add \`${lookup.contextKey}: "service:${dependency}"\` under build.additional_contexts of service ` +
            `"${consumer}".`,
          range: lookup.resolved.reference.range,
          related: image === undefined ? [] : [{ message: `Service "${dependency}" builds "${image.image}" here.`, range: image.range }],
          // The entry changes which image the build uses, so it needs a review.
          fixes: fix === undefined ? [] : [{ ...fix, safety: 'unsafe' }],
        };
      }
    }
  },
};
