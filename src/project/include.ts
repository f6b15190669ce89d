import { dirname, join } from 'node:path';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import { addMissing, readEnvFiles, type Environment } from './env.js';
import type { IncludeLayer, ServiceLayer } from './layers.js';
import { mergeServices } from './merge.js';
import type { ModelLoader, ProjectModel } from './model.js';
import { isRemoteContext, type PathBase } from './paths.js';
import type { DocumentLayer } from './read-document.js';

/** The document whose `include` entries are applied. */
export interface IncludeContext {
  file: string;
  environment: Environment;
  pathBase: PathBase;
  /** The files being loaded, from the top-level file down to `file`, to detect an include cycle. */
  includeChain: readonly string[];
}

/**
 * Loads the `include` entries of a document and imports their services and
 * secrets into it, as compose-go `loader/include.go` does. Each included
 * project loads with its own project directory and its own environment:
 * the including environment with the values of its env files added, the
 * including environment winning. A service that the document, or an
 * earlier include entry, also defines is merged over the imported one, as
 * compose-go does since v2.10 (Compose v5). Problems are findings at the
 * entry, and an entry with a problem is skipped.
 */
export function applyIncludes(loader: ModelLoader, layer: DocumentLayer, context: IncludeContext): void {
  if (layer.includes.length === 0) return;

  // `!reset` services of the document drop earlier files' definitions; they do not block an import.
  const resets = layer.services.filter((service) => service.mergeTag === 'reset');
  const defined = new Map(layer.services.filter((service) => service.mergeTag !== 'reset').map((service) => [service.name, service]));
  const imported = new Map<string, ServiceLayer>();

  for (const include of layer.includes) {
    const model = loadInclude(loader, include, context);
    if (model === undefined) continue;

    for (const service of model.services.values()) {
      const existing = imported.get(service.name) ?? defined.get(service.name);
      imported.set(service.name, existing ? mergeOver(service, existing) : service);
      defined.delete(service.name);
    }
    for (const [name, range] of model.secrets) {
      if (!layer.secrets.has(name)) layer.secrets.set(name, range);
    }
  }

  layer.services = [...resets, ...imported.values(), ...defined.values()];
}

/** Merges `local` over `imported`, with the tags of `local`. */
function mergeOver(imported: ServiceLayer, local: ServiceLayer): ServiceLayer {
  const merged = new Map([[imported.name, imported]]);
  mergeServices(merged, [local]);
  return merged.get(imported.name)!;
}

function loadInclude(loader: ModelLoader, include: IncludeLayer, context: IncludeContext): ProjectModel | undefined {
  const report = (message: string, range: IncludeLayer['range']): undefined => {
    loader.findings.push(createFinding(loaderRuleIds.schema, 'error', message, range));
    return undefined;
  };

  const remote = include.paths.find((path) => isRemoteContext(path.value));
  if (remote) {
    // NOTE: Compose fetches Git and OCI includes, but compose-lint reads local files only.
    const message = `compose-lint does not fetch the remote include ${JSON.stringify(remote.value)}, so the services it defines are not checked`;
    loader.findings.push(createFinding(loaderRuleIds.schema, 'info', message, remote.range));
    return undefined;
  }

  const first = include.paths[0]!;
  if (context.includeChain.includes(first.path!)) {
    const chain = [...context.includeChain.slice(context.includeChain.indexOf(first.path!)), first.path!];
    const [start, ...rest] = chain.map((file) => loader.displayPath(file));
    return report(`include cycle detected: ${start} includes ${rest.join(', which includes ')}`, first.range);
  }
  for (const path of include.paths) {
    if (!loader.canRead(path.path!)) {
      return report(`included file ${loader.displayPath(path.path!)} not found: fix the path or remove the include`, path.range);
    }
  }

  const projectDirectory = include.projectDirectory?.path ?? dirname(first.path!);
  const envFiles = findEnvFiles(loader, include, projectDirectory);
  if (envFiles === undefined) return undefined;

  const environment: Environment = new Map(context.environment);
  addMissing(environment, readEnvFiles(envFiles, context.environment, loader.host, loader.findings));

  const pathBase = { directory: projectDirectory, home: context.pathBase.home };
  const model = loader.loadModel(
    include.paths.map((path) => path.path!),
    pathBase,
    environment,
    context.includeChain,
  );

  // Compose gives a build without `context` the default `.` when the included project finishes loading.
  for (const service of model.services.values()) {
    if (service.build && !service.build.context && !service.build.defaultContextPath) {
      service.build.defaultContextPath = projectDirectory;
    }
  }
  return model;
}

/**
 * Lists the env files of an include entry: those of `env_file`, without
 * `/dev/null`, or else `<project directory>/.env` when it is a file.
 * Returns `undefined` after reporting an `env_file` that does not exist.
 */
function findEnvFiles(loader: ModelLoader, include: IncludeLayer, projectDirectory: string): string[] | undefined {
  if (include.envFiles === undefined) {
    const defaultFile = join(projectDirectory, '.env');
    return loader.host.kind(defaultFile) === 'file' ? [defaultFile] : [];
  }

  const files: string[] = [];
  for (const envFile of include.envFiles) {
    if (envFile.value === '/dev/null') continue;
    if (loader.host.kind(envFile.path!) !== 'file') {
      const message = `env file ${loader.displayPath(envFile.path!)} of this include not found: fix the path or remove it from env_file`;
      loader.findings.push(createFinding(loaderRuleIds.schema, 'error', message, envFile.range));
      return undefined;
    }
    files.push(envFile.path!);
  }
  return files;
}
