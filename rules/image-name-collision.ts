import type { Analysis, ServiceBuild } from '../src/engine/analysis.js';
import { displayLocation, listAlternatives } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import type { Producer } from '../src/graph/graph.js';

/** The settings that decide what a build produces, each in a form that compares equal when the builds are the same. */
interface BuildSettings {
  context: string;
  dockerfile: string;
  target: string;
  args: string;
  'additional contexts': string;
  platforms: string;
}

type SettingName = keyof BuildSettings;

function sortedEntries(entries: Array<[string, string | undefined]>): string {
  const sorted = [...entries].sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(sorted);
}

function buildSettings(analysis: Analysis, { build }: ServiceBuild): BuildSettings {
  const environment = analysis.project.environment;
  return {
    context: build.contextPath ?? build.context.value,
    dockerfile: build.dockerfileInline !== undefined ? `inline:${build.dockerfileInline.text}` : (build.dockerfilePath ?? build.dockerfile?.value ?? ''),
    // BuildKit matches the target stage case-insensitively.
    target: build.target?.value.toLowerCase() ?? '',
    // A valueless arg takes its value from the project environment, as Compose does.
    args: sortedEntries(build.args.map((entry) => [entry.key, entry.value ?? environment[entry.key]])),
    'additional contexts': sortedEntries(build.additionalContexts.map((entry) => [entry.key, entry.contextPath ?? entry.value])),
    platforms: JSON.stringify(build.platforms.map((platform) => platform.value).sort()),
  };
}

function differingSettings(a: BuildSettings, b: BuildSettings): SettingName[] {
  return (Object.keys(a) as SettingName[]).filter((name) => a[name] !== b[name]);
}

export const imageNameCollision: Rule = {
  meta: {
    id: 'image-name-collision',
    severity: 'error',
    description: 'Two services build the same image name; with different settings the last build to finish wins the tag.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    const buildsByService = new Map(analysis.builds.map((build) => [build.service.name, build]));

    for (const producers of analysis.graph.producers.values()) {
      if (producers.length < 2) continue;

      const settings = new Map(producers.map((producer) => [producer.service, buildSettings(analysis, buildsByService.get(producer.service)!)]));
      const first = settings.get(producers[0]!.service)!;
      const differing = new Set(producers.flatMap((producer) => differingSettings(first, settings.get(producer.service)!)));

      for (const producer of producers) {
        const others = producers.filter((other) => other !== producer);
        yield differing.size === 0
          ? identicalReport(analysis, producer, others, producers[0]!)
          : conflictingReport(analysis, producer, others, [...differing]);
      }
    }
  },
};

function describeOthers(analysis: Analysis, others: Producer[]): string {
  const names = others.map((other) => `"${other.service}" (${displayLocation(analysis, other.range)})`);
  return `${others.length === 1 ? 'service' : 'services'} ${listAlternatives(names, 'and')}`;
}

function relatedOf(others: Producer[]): RuleReport['related'] {
  return others.map((other) => ({ message: `Service "${other.service}" builds "${other.image}" here.`, range: other.range }));
}

/** Reports identical builds. `keeper`, the first of them in definition order, is the one that keeps its build. */
function identicalReport(analysis: Analysis, producer: Producer, others: Producer[], keeper: Producer): RuleReport {
  return {
    message:
      `Service "${producer.service}" builds the image "${producer.image}" with the same build settings as ` +
      `${describeOthers(analysis, others)}, so Compose builds the same image ${others.length + 1} times. Build it once: ` +
      `keep build on service "${keeper.service}" and give the other services only \`image: ${keeper.image}\`. ` +
      `Compose ignores a failed pull of an image that another service of the project builds.`,
    severity: 'warning',
    range: producer.range,
    related: relatedOf(others),
  };
}

function conflictingReport(analysis: Analysis, producer: Producer, others: Producer[], differing: SettingName[]): RuleReport {
  return {
    message:
      `Service "${producer.service}" builds the image "${producer.image}", and so does ` +
      `${describeOthers(analysis, others)}, with a different ${listAlternatives(differing, 'and')}. Compose runs the ` +
      `builds in parallel and the last one to finish gets the tag, so containers and builds that use ` +
      `"${producer.image}" get either image. Give each service its own image name, such as ` +
      `\`image: ${suggestedName(producer)}\`.`,
    range: producer.range,
    related: relatedOf(others),
  };
}

/** Appends the service name to the repository of an image name, before any tag: `acme/app:1` for service `web` gives `acme/app-web:1`. */
function suggestedName(producer: Producer): string {
  const image = producer.image;
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  const at = image.indexOf('@');

  let end = image.length;
  if (at !== -1) end = at;
  else if (colon !== -1) end = colon;
  return `${image.slice(0, end)}-${producer.service.toLowerCase()}${image.slice(end)}`;
}
