import { dirname, join } from 'node:path';

import { parseDockerfile, resolveReferences } from '../dockerfile/index.js';
import type { DockerfileModel, ResolvedReference } from '../dockerfile/types.js';
import { buildGraph, type BuildGraph } from '../graph/graph.js';
import type { Host } from '../host.js';
import type { BuildConfig, ComposeProject, Service } from '../project/types.js';

/** Where a service's Dockerfile comes from, and whether it could be read. */
export type DockerfileSource =
  | { kind: 'file'; path: string; model: DockerfileModel }
  | { kind: 'inline'; model: DockerfileModel }
  /** The path does not exist as a file; the missing-build-file rule reports it. */
  | { kind: 'missing'; path: string }
  /** A remote context (URL or git): its Dockerfile is not read. */
  | { kind: 'remote' };

/** A service that has `build`, with its Dockerfile read and its references resolved. */
export interface ServiceBuild {
  service: Service;
  build: BuildConfig;
  dockerfile: DockerfileSource;
  /** Every reference of the Dockerfile, resolved with this service's build args. */
  references: ResolvedReference[];
}

/** The fixes a caller needs: none, the safe ones, or all. */
export type FixLevel = 'none' | 'safe' | 'all';

/** Everything a rule can read: the project, each build and the build graph. */
export interface Analysis {
  project: ComposeProject;
  builds: ServiceBuild[];
  graph: BuildGraph;
  host: Host;
  /**
   * Which fixes rules should compute. Some cost more than finding the
   * problem (the multi-stage rewrite reads every copied file, a context
   * entry parses the compose file again), and a report that shows no fixes
   * or an editor that never applies unsafe ones does not need them.
   */
  fixes: FixLevel;
}

/**
 * Parses the Dockerfiles of a project once per distinct file text and keeps
 * the models between runs, so an editor that lints on every change re-parses
 * only the files whose text changed.
 */
export class DockerfileCache {
  readonly #models = new Map<string, DockerfileModel>();

  parse(path: string, text: string): DockerfileModel {
    const cached = this.#models.get(path);
    if (cached !== undefined && cached.text === text) return cached;

    const model = parseDockerfile(text, path);
    this.#models.set(path, model);
    return model;
  }
}

export function analyzeProject(
  project: ComposeProject,
  host: Host,
  cache: DockerfileCache = new DockerfileCache(),
  fixes: FixLevel = 'all',
): Analysis {
  const builds: ServiceBuild[] = [];

  for (const service of project.services) {
    const build = service.build;
    if (build === undefined) continue;

    const dockerfile = readDockerfile(build, host, cache);
    const references =
      dockerfile.kind === 'file' || dockerfile.kind === 'inline'
        ? resolveReferences(dockerfile.model, buildArgValues(build, project))
        : [];
    builds.push({ service, build, dockerfile, references });
  }

  return { project, builds, graph: buildGraph(project, builds), host, fixes };
}

function readDockerfile(build: BuildConfig, host: Host, cache: DockerfileCache): DockerfileSource {
  const inline = build.dockerfileInline;
  if (inline !== undefined) {
    const file = inline.range.file;
    return { kind: 'inline', model: parseDockerfile(inline.text, file, { locate: inline.locate }) };
  }

  if (build.contextPath === undefined || build.dockerfilePath === undefined) return { kind: 'remote' };

  const path = findDockerfile(build, host);
  const text = path === undefined ? undefined : host.readText(path);
  if (path === undefined || text === undefined) return { kind: 'missing', path: build.dockerfilePath };

  return { kind: 'file', path, model: cache.parse(path, text) };
}

/**
 * The Dockerfile path BuildKit reads. When `dockerfile:` is not set and the
 * context has no `Dockerfile`, Docker also accepts a lowercase `dockerfile`.
 */
export function findDockerfile(build: BuildConfig, host: Host): string | undefined {
  const path = build.dockerfilePath;
  if (path === undefined) return undefined;
  if (host.kind(path) === 'file') return path;

  if (build.dockerfile === undefined) {
    const lowercase = join(dirname(path), 'dockerfile');
    if (host.kind(lowercase) === 'file') return lowercase;
  }
  return undefined;
}

/**
 * Build args as BuildKit receives them. A valueless entry takes its value from
 * the project environment, as Compose does, and stays unset when the
 * environment has none.
 */
export function buildArgValues(build: BuildConfig, project: ComposeProject): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const entry of build.args) {
    values.set(entry.key, entry.value ?? project.environment[entry.key]);
  }
  return values;
}

/** Every file the analysis read: the compose files, then each Dockerfile once. */
export function lintedFiles(analysis: Analysis): string[] {
  const files = new Set(analysis.project.composeFiles);
  for (const { dockerfile } of analysis.builds) {
    if (dockerfile.kind === 'file') files.add(dockerfile.path);
  }
  return [...files];
}
