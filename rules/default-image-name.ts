import type { Analysis } from '../src/engine/analysis.js';
import { displayLocation } from '../src/engine/describe.js';
import type { Fix } from '../src/engine/finding.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { additionalContextFix } from '../src/fix/fixes.js';
import { imageLookups, producersOf, pullsRepository, type ImageLookup } from '../src/graph/references.js';
import type { Service } from '../src/project/types.js';
import { mainProducer } from './service-name-as-image.js';
import { describeReference } from './undeclared-build-dependency.js';

/** The relation of a reference to the default image name of a service. */
type DefaultNameMatch =
  /** The name this Compose gives the service now. */
  | { kind: 'current'; service: Service }
  /** The name with the other separator: `_` before Compose v2.8 and with `--compatibility`, `-` after. */
  | { kind: 'separator'; service: Service }
  /** The default name the service would get in a project called `project`. */
  | { kind: 'other-project'; service: Service; project: string };

/** Project names after Compose normalizes them: lowercase letters, digits, `_` and `-`, not starting with `_` or `-`. */
const projectNamePattern = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Matches a reference against the default image names `<project>-<service>`
 * and `<project>_<service>` of the project's buildable services, other than
 * the consumer's own.
 */
function matchDefaultName(analysis: Analysis, lookup: ImageLookup, consumer: string): DefaultNameMatch | undefined {
  // Default names are one path component with the implicit `:latest`.
  const key = lookup.contextKey;
  if (/[/:@]/.test(key)) return undefined;

  // A name that `image:` or `build.tags` sets is chosen, not derived.
  const producers = producersOf(analysis.graph, lookup);
  if (producers.some((producer) => producer.origin !== 'default')) return undefined;

  const services = analysis.builds.map((build) => build.service).filter((service) => service.name !== consumer);
  const current = producers.find((producer) => producer.service !== consumer);
  if (current !== undefined) {
    const service = services.find((candidate) => candidate.name === current.service)!;
    return { kind: 'current', service };
  }
  if (producers.length > 0) return undefined;

  const project = analysis.project;
  const otherSeparator = project.imageSeparator === '-' ? '_' : '-';
  const renamed = services.find((service) => service.image === undefined && key === `${project.name}${otherSeparator}${service.name}`);
  if (renamed !== undefined) return { kind: 'separator', service: renamed };

  // The service with the longer name wins, so `x-app-base` matches `app-base` before `base`.
  let likely: DefaultNameMatch | undefined;
  for (const service of services) {
    for (const separator of ['-', '_']) {
      const suffix = `${separator}${service.name}`;
      if (!key.endsWith(suffix)) continue;

      const prefix = key.slice(0, -suffix.length);
      if (!projectNamePattern.test(prefix) || prefix === project.name) continue;
      if (likely === undefined || service.name.length > likely.service.name.length) {
        likely = { kind: 'other-project', service, project: prefix };
      }
    }
  }
  return likely;
}

export const defaultImageName: Rule = {
  meta: {
    id: 'default-image-name',
    severity: 'warning',
    description: 'A Dockerfile uses a default image name <project>-<service>, which changes with the directory name and the Compose version.',
    fixable: true,
  },

  *check(analysis): Iterable<RuleReport> {
    const buildsByService = new Map(analysis.builds.map((build) => [build.service.name, build]));

    for (const build of analysis.builds) {
      for (const lookup of imageLookups(build)) {
        const consumer = build.service.name;
        const match = matchDefaultName(analysis, lookup, consumer);
        if (match === undefined) continue;

        // `FROM eclipse-mosquitto` next to a service `mosquitto` built on
        // `eclipse-mosquitto:2` names the upstream image, not a default name.
        const producerBuild = buildsByService.get(match.service.name)!;
        if (match.kind === 'other-project' && pullsRepository(producerBuild, lookup.contextKey)) continue;

        const dependency = match.service.name;
        const key = lookup.contextKey;
        const written = `\`${describeReference(lookup.resolved.reference)}\``;
        const image = mainProducer(analysis, dependency);
        const where = image === undefined ? '' : ` (${displayLocation(analysis, image.range)})`;
        const entry = `\`${key}: "service:${dependency}"\` under build.additional_contexts of service "${consumer}"`;
        const pinned = match.service.image === undefined ? `set \`image: ${key}\` on service "${dependency}" and add ` : 'add ';

        let message: string;
        switch (match.kind) {
          case 'current':
            message =
              `Service "${consumer}" uses "${lookup.name}" through ${written}, the default image name that Compose ` +
              `gives service "${dependency}"${where} because it sets no image:. That name is "<project>-<service>": ` +
              `the project name comes from the directory name unless name:, -p or COMPOSE_PROJECT_NAME sets it, and ` +
              `Compose v1, v2 before v2.8 and --compatibility write "<project>_<service>". So the build breaks in a ` +
              `checkout under another directory name or with another Compose version. To depend on the service ` +
              `instead of its generated name, ${pinned}${entry}.`;
            break;
          case 'separator':
            message =
              `Service "${consumer}" uses "${lookup.name}" through ${written}, the default image name of service ` +
              `"${dependency}"${where} with the separator "${analysis.project.imageSeparator === '-' ? '_' : '-'}". ` +
              `Compose v1, v2 before v2.8 and --compatibility use "_", later versions "-", so this Compose tags the ` +
              `image "${image?.image ?? dependency}" and the build pulls "${lookup.normalized}" or uses a stale image ` +
              `that another Compose version left. To depend on the service instead of its generated name, ` +
              `${pinned}${entry}.`;
            break;
          case 'other-project':
            message =
              `Service "${consumer}" uses "${lookup.name}" through ${written}, which looks like the default image name ` +
              `of service "${dependency}" in a project named "${match.project}". This is a likely match, not a certain ` +
              `one. This project is named "${analysis.project.name}", so service "${dependency}" builds ` +
              `"${image?.image ?? dependency}"${where}, and this build pulls "${lookup.normalized}" or uses a stale ` +
              `image from another checkout. If it means the image of service "${dependency}", ${pinned}${entry}.`;
            break;
        }

        const fix = additionalContextFix(analysis, consumer, key, `service:${dependency}`);
        yield {
          message,
          range: lookup.resolved.reference.range,
          related: image === undefined ? [] : [{ message: `Service "${dependency}" builds "${image.image}" here.`, range: image.range }],
          fixes: fix === undefined ? [] : [reviewUnlessSameImage(fix, match)],
        };
      }
    }
  },
};

/** Marks the fix for review unless the name is the current default, where the entry keeps the image the build uses. */
function reviewUnlessSameImage(fix: Fix, match: DefaultNameMatch): Fix {
  return match.kind === 'current' ? fix : { ...fix, safety: 'unsafe' };
}
