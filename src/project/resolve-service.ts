import { resolve } from 'node:path';
import type { Finding } from '../engine/finding.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import type { BuildLayer, ServiceLayer } from './layers.js';
import { isNonLocalAdditionalContext, isRemoteContext, resolveLocalPath } from './paths.js';
import type { BuildConfig, KeyedEntry, Service } from './types.js';

/** Base directories for relative paths: the project directory, and the home directory for `~`. */
export interface PathBase {
  projectDirectory: string;
  home: string | undefined;
}

/**
 * Turns a merged service into the project model: fills in build defaults,
 * resolves paths, and reports what Compose rejects once the files are merged.
 */
export function resolveService(layer: ServiceLayer, base: PathBase, findings: Finding[]): Service {
  // Compose treats an empty `image` as no image.
  const image = layer.image?.value === '' ? undefined : layer.image;
  const build = layer.build && resolveBuild(layer.build, base);
  const service: Service = {
    name: layer.name,
    nameRange: layer.nameRange,
    image,
    build,
    platform: layer.platform,
    profiles: (layer.profiles ?? []).map((profile) => profile.value),
  };

  // A service that extends another may inherit its image or build.
  const mayLackImage = layer.provider !== undefined || layer.extends !== undefined;
  checkService(service, mayLackImage, findings);
  return service;
}

function resolveBuild(layer: BuildLayer, base: PathBase): BuildConfig {
  const context = layer.context ?? { value: '.', range: layer.range };
  const contextPath = isRemoteContext(context.value)
    ? undefined
    : resolveLocalPath(base.projectDirectory, context.value, base.home);

  // The Dockerfile path is relative to the context, not the project directory.
  const dockerfilePath =
    contextPath === undefined || layer.dockerfileInline?.text
      ? undefined
      : resolve(contextPath, layer.dockerfile?.value ?? 'Dockerfile');

  return {
    range: layer.range,
    keyRange: layer.keyRange,
    shortForm: layer.shortForm,
    context,
    contextDefaulted: layer.context === undefined,
    contextPath,
    dockerfile: layer.dockerfile,
    dockerfilePath,
    dockerfileInline: layer.dockerfileInline,
    target: layer.target,
    args: layer.args ?? [],
    additionalContexts: (layer.additionalContexts ?? []).map((entry) => resolveAdditionalContext(entry, base)),
    platforms: layer.platforms ?? [],
    tags: layer.tags ?? [],
  };
}

function resolveAdditionalContext(entry: KeyedEntry, base: PathBase): KeyedEntry {
  if (entry.value === undefined || isNonLocalAdditionalContext(entry.value)) return entry;
  return { ...entry, contextPath: resolveLocalPath(base.projectDirectory, entry.value, base.home) };
}

/** Reports what the consistency checks of compose-go `loader/validate.go` reject in the modeled fields. */
function checkService(service: Service, mayLackImage: boolean, findings: Finding[]): void {
  const report = (message: string, range: Service['nameRange']): void => {
    findings.push(createFinding(loaderRuleIds.schema, 'error', message, range));
  };

  if (!service.image && !service.build && !mayLackImage) {
    report(`service "${service.name}" has neither an image nor a build context specified`, service.nameRange);
  }

  const build = service.build;
  if (build?.dockerfile?.value && build.dockerfileInline?.text) {
    const message = `service "${service.name}" sets both dockerfile and dockerfile_inline, which are mutually exclusive`;
    report(message, build.dockerfileInline.range);
  }

  const platform = service.platform;
  if (platform && build && build.platforms.length > 0 && !build.platforms.some((item) => item.value === platform.value)) {
    const message = `services.${service.name}.build.platforms must include the service platform ${JSON.stringify(platform.value)}`;
    report(message, platform.range);
  }
}
