import type { Analysis, ServiceBuild } from '../src/engine/analysis.js';
import { displayLocation, listAlternatives } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import type { BuildEdge } from '../src/graph/graph.js';
import type { Located } from '../src/project/types.js';
import type { SourceRange } from '../src/source.js';
import { describeReference } from './undeclared-build-dependency.js';

/** The platforms a service builds for, and where they are written. */
interface BuildPlatforms {
  values: Located<string>[];
  /** True when they come from the service's `platform:` because `build.platforms` is empty. */
  pinned: boolean;
}

/**
 * Returns the platforms a build targets: `build.platforms`, else the
 * service's `platform:`, else `undefined` for the builder's default, which is
 * the platform of the machine that builds.
 */
function platformsOf({ service, build }: ServiceBuild): BuildPlatforms | undefined {
  if (build.platforms.length > 0) return { values: build.platforms, pinned: false };
  if (service.platform !== undefined) return { values: [service.platform], pinned: true };
  return undefined;
}

const architectureAliases: ReadonlyMap<string, string> = new Map([
  ['x86_64', 'amd64'],
  ['x86-64', 'amd64'],
  ['aarch64', 'arm64'],
  ['i386', '386'],
]);

/**
 * Normalizes a platform as containerd does for comparison: lowercase,
 * architecture aliases, and the default variants `arm64/v8` and `amd64/v1`
 * left out.
 */
function normalizePlatform(platform: string): string {
  const [os = '', architecture = '', variant = ''] = platform.toLowerCase().split('/');
  const normalizedArchitecture = architectureAliases.get(architecture) ?? architecture;
  const defaultVariant = (normalizedArchitecture === 'arm64' && (variant === 'v8' || variant === '8')) || (normalizedArchitecture === 'amd64' && variant === 'v1');
  return [os, normalizedArchitecture, defaultVariant ? '' : variant].filter((part) => part !== '').join('/');
}

/** Bake names a service's target after the service, with `.` replaced by `_`. */
function bakeTargetName(service: string): string {
  return service.replaceAll('.', '_');
}

function evidenceRange(edge: BuildEdge): SourceRange {
  return edge.evidence.kind === 'context' ? edge.evidence.entry.valueRange : edge.evidence.reference.reference.range;
}

function describeEvidence(analysis: Analysis, edge: BuildEdge): string {
  const evidence = edge.evidence;
  const location = displayLocation(analysis, evidenceRange(edge));
  if (evidence.kind === 'context') return `the additional context "${evidence.entry.key}: ${evidence.entry.value}" (${location})`;

  const written = `\`${describeReference(evidence.reference.reference)}\` (${location})`;
  if (evidence.source === undefined) return written;
  return `${written}, an ONBUILD trigger of the image of service "${evidence.source.service}" that its build starts from`;
}

function listPlatforms(platforms: BuildPlatforms): string {
  return platforms.values.map((platform) => platform.value).join(', ');
}

export const platformMismatch: Rule = {
  meta: {
    id: 'platform-mismatch',
    severity: 'warning',
    description: "A service builds for platforms that the image it builds from does not provide.",
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    const buildsByService = new Map(analysis.builds.map((build) => [build.service.name, build]));
    const reported = new Set<string>();

    for (const edge of analysis.graph.edges) {
      const pair = `${edge.from}\0${edge.to}`;
      if (edge.from === edge.to || reported.has(pair)) continue;

      const report = checkEdge(analysis, edge, platformsOf(buildsByService.get(edge.from)!), platformsOf(buildsByService.get(edge.to)!));
      if (report === undefined) continue;
      reported.add(pair);
      yield report;
    }
  },
};

function checkEdge(
  analysis: Analysis,
  edge: BuildEdge,
  consumer: BuildPlatforms | undefined,
  producer: BuildPlatforms | undefined,
): RuleReport | undefined {
  const { from, to } = edge;
  const uses = `service "${to}", whose image it uses through ${describeEvidence(analysis, edge)}`;

  if (consumer !== undefined && producer !== undefined) {
    // Bake compares the lists as written when both build several platforms.
    const bakeCheck = consumer.values.length > 1 && producer.values.length > 1;
    const provided = new Set(producer.values.map((platform) => (bakeCheck ? platform.value : normalizePlatform(platform.value))));
    const missing = consumer.values.filter((platform) => !provided.has(bakeCheck ? platform.value : normalizePlatform(platform.value)));
    const first = missing[0];
    if (first === undefined) return undefined;

    const failure =
      edge.declared && bakeCheck
        ? `Bake stops with "target ${bakeTargetName(to)} can't be used by ${bakeTargetName(from)} because its platforms ` +
          `[${consumer.values.map((platform) => platform.value).join(' ')}] are not a subset of ` +
          `[${producer.values.map((platform) => platform.value).join(' ')}]"`
        : `the build for ${first.value} gets an image of another platform, so its RUN steps fail with "exec format error" ` +
          `unless emulation is installed, and the result mixes platforms`;
    return {
      message:
        `Service "${from}" builds for ${listAlternatives(missing.map((platform) => platform.value), 'and')}, which ` +
        `${uses}, does not build for: it builds for ${listPlatforms(producer)}. So ${failure}. Add ` +
        `${listAlternatives(missing.map((platform) => platform.value), 'and')} to the platforms of service "${to}", ` +
        `or remove ${missing.length === 1 ? 'it' : 'them'} from service "${from}".`,
      range: first.range,
    };
  }

  if (consumer !== undefined) {
    const first = consumer.values[0]!;
    const setting = consumer.pinned ? `\`platform: ${first.value}\`` : `build.platforms: [${listPlatforms(consumer)}]`;
    return {
      message:
        `Service "${from}" ${consumer.pinned ? 'pins the platform' : 'builds for'} ${listPlatforms(consumer)}, but ` +
        `${uses}, sets no platform, so "${to}" builds for the builder's default platform, the machine's own. On a ` +
        `machine of another platform "${from}" gets a "${to}" image of the wrong platform, and RUN steps fail with ` +
        `"exec format error" unless emulation is installed. Set ${setting} on service "${to}" too, or remove it ` +
        `from service "${from}".`,
      range: first.range,
    };
  }

  if (producer !== undefined && producer.values.length === 1) {
    const pinned = producer.values[0]!;
    const setting = producer.pinned ? `\`platform: ${pinned.value}\`` : `build.platforms: [${pinned.value}]`;
    return {
      message:
        `Service "${from}" sets no platform, but ${uses}, builds only for ${pinned.value} ` +
        `(${displayLocation(analysis, pinned.range)}). "${from}" builds for the builder's default platform, the ` +
        `machine's own, so on a machine of another platform it builds on an image of the wrong platform, and RUN steps ` +
        `fail with "exec format error" unless emulation is installed. Set ${setting} on service "${from}" too, or ` +
        `remove it from service "${to}".`,
      range: evidenceRange(edge),
    };
  }
  return undefined;
}
