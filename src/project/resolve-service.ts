import { resolve } from 'node:path';
import type { BuildLayer, ServiceLayer } from './layers.js';
import type { BuildConfig, Located, Service } from './types.js';

/**
 * Turns a merged service into the project model: fills in the build defaults
 * of compose-go `loader/normalize.go` (context `.`, Dockerfile `Dockerfile`
 * in the context) and drops an empty `image`, which Compose treats as none.
 */
export function resolveService(layer: ServiceLayer, projectDirectory: string): Service {
  const image = layer.image?.value === '' ? undefined : layer.image;
  return {
    name: layer.name,
    nameRange: layer.nameRange,
    image,
    build: layer.build && resolveBuild(layer.build, projectDirectory),
    platform: layer.platform,
    profiles: (layer.profiles ?? []).map((profile) => profile.value),
  };
}

function resolveBuild(layer: BuildLayer, projectDirectory: string): BuildConfig {
  const defaultContext: Located<string> = { value: '.', range: layer.range };
  if (layer.anchor) defaultContext.anchor = layer.anchor;
  const context = layer.context ?? defaultContext;
  const contextPath = layer.context ? layer.context.path : (layer.defaultContextPath ?? projectDirectory);

  // The Dockerfile path is relative to the context, not the project directory.
  const dockerfilePath =
    contextPath === undefined || layer.dockerfileInline?.text
      ? undefined
      : resolve(contextPath, layer.dockerfile?.value ?? 'Dockerfile');

  const build: BuildConfig = {
    range: layer.range,
    keyRange: layer.keyRange,
    shortForm: layer.shortForm,
    context: stripPath(context),
    contextDefaulted: layer.context === undefined,
    contextPath,
    dockerfile: layer.dockerfile,
    dockerfilePath,
    dockerfileInline: layer.dockerfileInline,
    target: layer.target,
    args: layer.args?.entries ?? [],
    additionalContexts: layer.additionalContexts?.entries ?? [],
    labels: layer.labels?.entries ?? [],
    platforms: layer.platforms ?? [],
    tags: layer.tags ?? [],
    secrets: layer.secrets ?? [],
  };
  if (layer.anchor) build.anchor = layer.anchor;
  return build;
}

/** Keeps only the `Located` fields of a context, without the loader's resolved path. */
function stripPath(context: Located<string> & { path?: string | undefined }): Located<string> {
  const { path: _path, ...located } = context;
  return located;
}
