import { closestMatch, displayPath, editDistance, listAlternatives } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';

function nearestStage(target: string, stages: string[]): string | undefined {
  const lowercase = target.toLowerCase();
  return [...stages].sort((a, b) => editDistance(lowercase, a) - editDistance(lowercase, b))[0];
}

export const missingBuildTarget: Rule = {
  meta: {
    id: 'missing-build-target',
    severity: 'error',
    description: 'build.target names a stage that the Dockerfile does not define.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    for (const { service, build, dockerfile } of analysis.builds) {
      const target = build.target;
      if (target === undefined || (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline')) continue;

      // BuildKit and the classic builder both match the target case-insensitively.
      const stages = dockerfile.model.stages.flatMap((stage) => (stage.name === undefined ? [] : [stage.name]));
      if (stages.includes(target.value.toLowerCase())) continue;

      const where = dockerfile.kind === 'file' ? displayPath(analysis, dockerfile.path) : 'the dockerfile_inline of this service';
      const typo = closestMatch(target.value, stages);
      const nearest = typo ?? nearestStage(target.value, stages);
      const available =
        stages.length === 0
          ? `It has no named stages; name one with \`FROM <image> AS ${target.value.toLowerCase()}\` or remove build.target.`
          : stages.length === 1
            ? `Its only stage is "${stages[0]}"; set build.target to it, or remove build.target to build the last stage.`
            : `Its stages are ${listAlternatives(stages.map((stage) => `"${stage}"`), 'and')}` +
              (typo !== undefined ? `; did you mean "${typo}"?` : `; the closest is "${nearest}".`);

      yield {
        message:
          `Service "${service.name}" builds the target "${target.value}", but ${where} has no stage with that name, ` +
          `so the build fails with 'target stage "${target.value}" could not be found'. ${available}`,
        range: target.range,
      };
    }
  },
};
