import { basename, dirname, join, relative } from 'node:path';

import type { Analysis, ServiceBuild } from '../src/engine/analysis.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { additionalContextFix } from '../src/fix/fixes.js';
import { imageLookups, producersOf, pullsRepository, repositoryName, type ImageLookup } from '../src/graph/references.js';
import { parseImageReference } from '../src/reference/reference.js';
import { describeReference } from './undeclared-build-dependency.js';
import { contextDeclarations } from './undeclared-named-context.js';

/** Levels below the project directory that are searched: `./a/b/c/Dockerfile` is found, `./a/b/c/d/Dockerfile` is not. */
const maxSearchDepth = 3;

/** Maximum number of directories visited per project, so a huge tree cannot stall a lint. */
const maxDirectories = 2000;

const dockerfileNames = ['Dockerfile', 'dockerfile'];

/**
 * Finds the directories of the project that hold a Dockerfile, by name,
 * searching breadth-first to `maxSearchDepth` and skipping `node_modules`
 * and dot directories. Each list is in search order, so shallower paths
 * come first. A host that cannot list directories gives no directories.
 */
function findDockerfileDirectories(analysis: Analysis): Map<string, string[]> {
  const host = analysis.host;
  const found = new Map<string, string[]>();
  if (host.list === undefined) return found;

  const root = analysis.project.workingDir;
  let level = [root];
  let visited = 0;

  for (let depth = 1; depth <= maxSearchDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const directory of level) {
      const names = host.list(directory) ?? [];
      for (const name of names) {
        if (name.startsWith('.') || name === 'node_modules') continue;

        const path = join(directory, name);
        if (host.kind(path) !== 'directory' || visited >= maxDirectories) continue;
        visited++;
        next.push(path);

        if (dockerfileNames.some((file) => host.kind(join(path, file)) === 'file')) {
          found.set(name, [...(found.get(name) ?? []), path]);
        }
      }
    }
    level = next;
  }
  return found;
}

/**
 * Checks whether a name can only mean an image of Docker Hub or of the local
 * image store: no registry domain, and no tag other than `latest` or digest,
 * which would point at a published image.
 */
function isLocalImageName(name: string): boolean {
  const slash = name.indexOf('/');
  const first = slash === -1 ? undefined : name.slice(0, slash);
  if (first !== undefined && (first === 'localhost' || /[.:]/.test(first))) return false;

  const reference = parseImageReference(name);
  return reference !== undefined && reference.digest === undefined && (reference.tag === undefined || reference.tag === 'latest');
}

/** Display form of a directory: `./path` relative to the project directory. */
function displayDirectory(analysis: Analysis, path: string): string {
  return `./${relative(analysis.project.workingDir, path)}`;
}

/** Returns the service that builds a directory: as its build context, or as the directory of its Dockerfile. */
function serviceBuilding(analysis: Analysis, directory: string): ServiceBuild | undefined {
  return analysis.builds.find(
    ({ build }) => build.contextPath === directory || (build.dockerfilePath !== undefined && dirname(build.dockerfilePath) === directory),
  );
}

export const localImageWithoutService: Rule = {
  meta: {
    id: 'local-image-without-service',
    severity: 'warning',
    description: 'A Dockerfile uses a local image that a project directory builds, but no service builds it under that name.',
    fixable: true,
  },

  *check(analysis): Iterable<RuleReport> {
    const serviceNames = new Set(analysis.project.services.map((service) => service.name));
    const buildableNames = new Set(analysis.graph.services);
    let directories: Map<string, string[]> | undefined;

    for (const build of analysis.builds) {
      for (const lookup of imageLookups(build)) {
        if (!isLocalImageName(lookup.name)) continue;

        // The rules for a service's image, a service's name and another
        // service's context report those names more precisely.
        if (producersOf(analysis.graph, lookup).length > 0) continue;
        if (buildableNames.has(lookup.contextKey)) continue;
        if (contextDeclarations(analysis, lookup.contextKey, build.service.name).length > 0) continue;

        const repository = repositoryName(lookup.name);
        const directoryName = repository === undefined ? undefined : basename(repository);
        if (directoryName === undefined) continue;

        directories ??= findDockerfileDirectories(analysis);
        const ownDirectories = [build.build.contextPath, build.build.dockerfilePath && dirname(build.build.dockerfilePath)];
        const directory = (directories.get(directoryName) ?? []).find((path) => !ownDirectories.includes(path));
        if (directory === undefined) continue;

        const report = reportFor(analysis, build, lookup, directory, serviceNames);
        if (report !== undefined) yield report;
      }
    }
  },
};

function reportFor(
  analysis: Analysis,
  build: ServiceBuild,
  lookup: ImageLookup,
  directory: string,
  serviceNames: Set<string>,
): RuleReport | undefined {
  const consumer = build.service.name;
  const key = lookup.contextKey;
  const written = `\`${describeReference(lookup.resolved.reference)}\``;
  const shownDirectory = displayDirectory(analysis, directory);
  const entry = (service: string): string => `\`${key}: "service:${service}"\` under build.additional_contexts of service "${consumer}"`;

  const builder = serviceBuilding(analysis, directory);
  if (builder !== undefined) {
    // A service that builds on the upstream image of this name shows that the name means that image.
    const producer = builder.service.name;
    if (producer === consumer || pullsRepository(builder, repositoryName(lookup.name) ?? key)) return undefined;

    const fix = additionalContextFix(analysis, consumer, key, `service:${producer}`);
    return {
      message:
        `Service "${consumer}" uses "${lookup.name}" through ${written}, an image that no service of this project ` +
        `is tagged with, but ${shownDirectory} holds a Dockerfile that service "${producer}" builds under another name. ` +
        `Compose does not name images after directories, so this build pulls "${lookup.normalized}", which fails ` +
        `with "pull access denied", or uses a stale image that an earlier \`docker build -t ${key} ${shownDirectory}\` left. ` +
        `To use the image of service "${producer}", add ${entry(producer)}.`,
      range: lookup.resolved.reference.range,
      related: [{ message: `Service "${producer}" builds ${shownDirectory} here.`, range: builder.build.context.range }],
      fixes: fix === undefined ? [] : [{ ...fix, safety: 'unsafe' }],
    };
  }

  const service = basename(directory);
  const addService = serviceNames.has(service)
    ? `add \`build: ${shownDirectory}\` to service "${service}"`
    : `add a service that builds it, such as \`${service}: {image: ${key}, build: ${shownDirectory}}\``;
  return {
    message:
      `Service "${consumer}" uses "${lookup.name}" through ${written}, an image that no service of this project ` +
      `builds, but ${shownDirectory} holds a Dockerfile. Compose does not build that directory, so this build uses a stale ` +
      `image that an earlier \`docker build -t ${key} ${shownDirectory}\` left, or pulls "${lookup.normalized}", which fails ` +
      `with "pull access denied". To build it with the project, ${addService}, and add ${entry(service)}.`,
    range: lookup.resolved.reference.range,
  };
}
