import { closestMatch } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { contextService } from '../src/graph/graph.js';

export const unknownContextService: Rule = {
  meta: {
    id: 'unknown-context-service',
    severity: 'error',
    description: 'A service: additional context names a service that does not exist or has no build section.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    const services = new Map(analysis.project.services.map((service) => [service.name, service]));
    const buildable = analysis.builds.map((build) => build.service.name);
    // A service that the selected profiles disable is reported by the loader,
    // which can say why Compose does not see it.
    const disabled = new Set(analysis.project.disabledServices.map((service) => service.name));

    for (const { service, build } of analysis.builds) {
      for (const entry of build.additionalContexts) {
        const target = contextService(entry.value);
        if (target === undefined) continue;

        const existing = services.get(target);
        if (existing?.build !== undefined || disabled.has(target)) continue;

        if (existing !== undefined) {
          yield {
            message:
              `Service "${service.name}" uses service "${target}" as the additional context "${entry.key}", ` +
              `but "${target}" has no build section, so there is no build to wait for and Compose rejects the project. ` +
              `Point the context at a service that builds the image, or use "docker-image://${existing.image?.value ?? target}" for a pulled image.`,
            range: entry.valueRange,
          };
          continue;
        }

        const suggestion = closestMatch(target, buildable);
        yield {
          message:
            `Service "${service.name}" uses service "${target}" as the additional context "${entry.key}", ` +
            `but the project has no service "${target}", so Compose rejects the project. ` +
            (suggestion !== undefined
              ? `Did you mean "service:${suggestion}"?`
              : `Name one of the services that have a build section: ${buildable.join(', ') || '(none)'}.`),
          range: entry.valueRange,
        };
      }
    }
  },
};
