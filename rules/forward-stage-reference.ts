import type { ResolvedReference, Stage, StageReference } from '../src/dockerfile/types.js';
import type { ServiceBuild } from '../src/engine/analysis.js';
import { displayLocation } from '../src/engine/describe.js';
import type { Analysis } from '../src/engine/analysis.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { declaredContext } from '../src/graph/graph.js';

/** Returns the stage a reference means but cannot use because it is defined at or after the reference, if any. */
function laterStage(build: ServiceBuild, stages: readonly Stage[], resolved: ResolvedReference): Stage | undefined {
  const { reference, target } = resolved;
  if (reference.onbuild) return undefined;

  if (reference.kind === 'from') {
    // FROM looks up earlier stages only; a later stage of that name is never used.
    if (target.kind !== 'external' || declaredContext(build, target.name) !== undefined) return undefined;
    const name = target.name.toLowerCase();
    return stages.find((stage) => stage.index > reference.stageIndex && stage.name === name);
  }

  // --from and from= find stages defined anywhere, but only earlier ones are built by then.
  if (target.kind !== 'stage' || target.stageIndex < reference.stageIndex) return undefined;
  return stages[target.stageIndex];
}

function describe(analysis: Analysis, reference: StageReference, stage: Stage, stageCount: number, current: Stage): string {
  const where = stage.nameRange === undefined ? `stage ${stage.index}` : `stage "${stage.name}" (${displayLocation(analysis, stage.nameRange)})`;
  // BuildKit calls an unnamed stage `stage-N`, and the only stage of a file has no name at all.
  const currentName = current.name ?? (stageCount === 1 ? '' : `stage-${current.index}`);
  const move = `Move stage ${stage.name === undefined ? stage.index : `"${stage.name}"`} above the stage that uses it`;

  if (reference.kind === 'from') {
    return (
      `\`FROM ${reference.text}\` comes before ${where} is defined. BuildKit looks up only stages defined earlier, ` +
      `so it pulls an image named "${reference.text}" instead of building the stage. ${move}.`
    );
  }
  if (reference.kind === 'copy-from') {
    return (
      `\`--from=${reference.text}\` uses ${where}, which is not defined before this stage, so the build fails with ` +
      `'cannot copy from stage "${reference.text}", it needs to be defined before current stage "${currentName}"'. ${move}.`
    );
  }
  return (
    `\`from=${reference.text}\` mounts ${where}, which is not defined before this stage, so the build fails with ` +
    `'cannot mount from stage "${reference.text}", stage needs to be defined before current command'. ${move}.`
  );
}

export const forwardStageReference: Rule = {
  meta: {
    id: 'forward-stage-reference',
    severity: 'error',
    description: 'FROM, COPY --from or RUN --mount from= names a stage that is defined later in the Dockerfile.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    // Services that share a Dockerfile report a reference once.
    const reported = new Set<string>();

    for (const build of analysis.builds) {
      const { dockerfile } = build;
      if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') continue;
      const stages = dockerfile.model.stages;

      for (const resolved of build.references) {
        const stage = laterStage(build, stages, resolved);
        const current = stages[resolved.reference.stageIndex];
        if (stage === undefined || current === undefined) continue;

        const key = `${resolved.reference.range.file}:${resolved.reference.range.start.offset}`;
        if (reported.has(key)) continue;
        reported.add(key);

        yield {
          message: describe(analysis, resolved.reference, stage, stages.length, current),
          range: resolved.reference.range,
          related: stage.nameRange === undefined ? [] : [{ message: `Stage "${stage.name}" is defined here.`, range: stage.nameRange }],
        };
      }
    }
  },
};
