import type { Analysis, ServiceBuild } from '../src/engine/analysis.js';
import { displayPath } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import type { ResolvedReference } from '../src/dockerfile/types.js';
import { contextService } from '../src/graph/graph.js';
import type { KeyedEntry } from '../src/project/types.js';
import { namedContextKey } from '../src/reference/reference.js';
import { matchableKey } from './unmatchable-context-key.js';

/**
 * A value that looks like a service reference but is not one: only the exact
 * lowercase prefix `service:` followed directly by the name is. `target:` is
 * a Bake form that `docker compose build` does not read.
 */
const mistypedServicePattern = /^(services?|target)(\s*):(\s*)(\S+)$/i;

interface MistypedService {
  service: string;
  /** `target` when the value uses Bake's `target:` prefix. */
  prefix: string;
  /** Whether Compose reads the value as `service:` followed by a name that starts with a space. */
  spaced: boolean;
}

/** Reads a mistyped service reference, or returns undefined for a valid `service:NAME` or any other value. */
export function mistypedServiceReference(value: string): MistypedService | undefined {
  const match = mistypedServicePattern.exec(value);
  if (match === null) return undefined;

  const [, prefix = '', beforeColon = '', afterColon = '', service = ''] = match;
  if (prefix === 'service' && beforeColon === '' && afterColon === '') return undefined;
  return { service, prefix, spaced: prefix === 'service' && beforeColon === '' };
}

/**
 * Returns the named-context keys a build looks up: every named stage, which a
 * context of the same name replaces, and the key of every reference that is
 * not a stage, including the `ONBUILD` triggers of its base images. Returns
 * undefined when a reference could not be resolved, because its name, and so
 * the key it uses, is unknown.
 */
function usedKeys(analysis: Analysis, build: ServiceBuild): Set<string> | undefined {
  if (build.dockerfile.kind !== 'file' && build.dockerfile.kind !== 'inline') return undefined;

  const keys = new Set<string>();
  for (const stage of build.dockerfile.model.stages) {
    if (stage.name !== undefined) keys.add(stage.name);
  }

  const triggers: ResolvedReference[] = analysis.graph.triggerReferences.get(build.service.name) ?? [];
  for (const resolved of [...build.references, ...triggers]) {
    if (resolved.target.kind === 'unresolved') return undefined;
    if (resolved.target.kind !== 'external') continue;

    const key = namedContextKey(resolved.target.name);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

function describeDockerfile(analysis: Analysis, build: ServiceBuild): string {
  return build.dockerfile.kind === 'file' ? displayPath(analysis, build.dockerfile.path) : 'its dockerfile_inline';
}

function mistypedReport(service: string, entry: KeyedEntry, mistyped: MistypedService): RuleReport {
  const value = entry.value ?? '';
  const fixed = `service:${mistyped.service}`;
  const consequence = mistyped.spaced
    ? `Compose reads the service name with its leading space and rejects the project with ` +
      `'service "${service}" declares unknown service'`
    : mistyped.prefix === 'target'
      ? `"target:" is understood only by docker buildx bake, so docker compose build resolves the value as the ` +
        `relative path ./${value}, which does not exist, and the build fails with "failed to get build context ${entry.key}"`
      : `only the lowercase prefix "service:" names a service, so Compose resolves the value as the relative path ` +
        `./${value}, which does not exist, and the build fails with "failed to get build context ${entry.key}"`;
  return {
    message:
      `The additional context "${entry.key}" of service "${service}" has the value "${value}", which looks like a ` +
      `reference to service "${mistyped.service}" but is not one: ${consequence}. Write "${fixed}".`,
    severity: 'error',
    range: entry.valueRange,
  };
}

export const unusedAdditionalContext: Rule = {
  meta: {
    id: 'unused-additional-context',
    severity: 'warning',
    description: 'An additional_contexts entry that no FROM, --from or from= uses, or whose value is a mistyped service reference.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    const buildable = new Set(analysis.graph.services);

    for (const build of analysis.builds) {
      const service = build.service.name;
      const keys = usedKeys(analysis, build);

      for (const entry of build.build.additionalContexts) {
        const mistyped = entry.value === undefined ? undefined : mistypedServiceReference(entry.value);
        if (mistyped !== undefined) {
          yield mistypedReport(service, entry, mistyped);
          continue;
        }

        // A key in a form BuildKit never matches is unmatchable-context-key's
        // case, and a service: value naming no buildable service is
        // unknown-context-service's.
        if (matchableKey(entry.key) !== entry.key) continue;
        const target = contextService(entry.value);
        if (target !== undefined && !buildable.has(target)) continue;

        if (keys === undefined || keys.has(entry.key)) continue;

        const ordering = target === undefined ? '' : ` Compose still builds service "${target}" first, which only slows the build.`;
        yield {
          message:
            `The additional context "${entry.key}" of service "${service}" is not used: no FROM, --from or from= in ` +
            `${describeDockerfile(analysis, build)} names "${entry.key}", so BuildKit never reads it.${ordering} ` +
            `Use it, as in \`FROM ${entry.key}\` or \`COPY --from=${entry.key}\`, or remove the entry.`,
          range: entry.keyRange,
        };
      }
    }
  },
};
