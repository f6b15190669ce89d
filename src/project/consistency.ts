import type { Finding } from '../engine/finding.js';
import type { SourceRange } from '../source.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import type { ServiceLayer } from './layers.js';
import type { Service } from './types.js';

/** The parts of the project that the checks read. */
export interface ConsistencyInput {
  /** The services to check, with the layers they were resolved from. */
  services: ReadonlyArray<{ service: Service; layer: ServiceLayer }>;
  /** Every service of the project by name, disabled ones included. */
  allServices: ReadonlyMap<string, Service>;
  /** Names of the services Compose enables under the active profiles. */
  enabled: ReadonlySet<string>;
  activeProfiles: readonly string[];
  /** Names of the top-level secrets. */
  secrets: ReadonlySet<string>;
}

/**
 * Reports what the consistency checks of compose-go `loader/validate.go`
 * reject in the modeled fields, each at the value the user must change.
 * A `service:` additional context is checked here only when it names a
 * service that the active profiles disable. A context that names no service
 * at all is left to the `unknown-context-service` rule.
 */
export function checkConsistency(input: ConsistencyInput, findings: Finding[]): void {
  const report = (message: string, range: SourceRange, anchor?: SourceRange): void => {
    const finding = createFinding(loaderRuleIds.schema, 'error', message, range);
    if (anchor) finding.related = [{ message: 'the value is written here, at the anchor the alias refers to', range: anchor }];
    findings.push(finding);
  };

  for (const { service, layer } of input.services) {
    const mayLackImage = layer.provider !== undefined || layer.extendsFailed === true || layer.sourceFailed === true;
    if (!service.image && !service.build && !mayLackImage) {
      report(`service "${service.name}" has neither an image nor a build context specified`, service.nameRange);
    }

    const build = service.build;
    if (build === undefined) continue;

    if (build.dockerfile?.value && build.dockerfileInline?.text) {
      const message = `service "${service.name}" sets both dockerfile and dockerfile_inline, which are mutually exclusive`;
      report(message, build.dockerfileInline.range, build.dockerfileInline.anchor);
    }

    const platform = service.platform;
    if (platform && build.platforms.length > 0 && !build.platforms.some((item) => item.value === platform.value)) {
      const message = `services.${service.name}.build.platforms must include the service platform ${JSON.stringify(platform.value)}`;
      report(message, platform.range, platform.anchor);
    }

    for (const secret of build.secrets) {
      if (input.secrets.has(secret.value)) continue;
      const message =
        `service "${service.name}" refers to undefined build secret ${secret.value}: ` +
        `declare ${JSON.stringify(secret.value)} under the top-level secrets`;
      report(message, secret.range, secret.anchor);
    }

    if (input.enabled.has(service.name)) checkContextServices(service, input, report);
  }
}

/** Reports `service:` contexts of an enabled service that name a service the active profiles disable. */
function checkContextServices(
  service: Service,
  input: ConsistencyInput,
  report: (message: string, range: SourceRange, anchor?: SourceRange) => void,
): void {
  for (const entry of service.build?.additionalContexts ?? []) {
    const target = entry.value?.startsWith('service:') ? entry.value.slice('service:'.length) : undefined;
    if (target === undefined || input.enabled.has(target)) continue;

    const disabled = input.allServices.get(target);
    if (disabled === undefined) continue;

    const active =
      input.activeProfiles.length > 0 ? `the active profiles ${formatList(input.activeProfiles)} do not enable it` : 'no profile is active';
    const message =
      `service "${service.name}" uses service "${target}" as the additional context ${JSON.stringify(entry.key)}, ` +
      `but "${target}" has profiles ${formatList(disabled.profiles)} and ${active}, so Compose stops with: ` +
      `service "${service.name}" declares unknown service "${target}" as additional contexts ${entry.key}. ` +
      'Activate one of its profiles with --profile or COMPOSE_PROFILES, or remove its profiles';
    report(message, entry.valueRange, entry.anchor);
  }
}

function formatList(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}

