import type { ResolvedReference, ResolvedTarget, Stage, StageReference } from '../dockerfile/types.js';
import type { ServiceBuild } from '../engine/analysis.js';

/** The image whose `ONBUILD` triggers run in a consumer's build. */
export interface TriggerSource {
  /** The service that builds the image; its Dockerfile contains the `ONBUILD` instruction. */
  service: string;
  /** The consumer's `FROM` whose base is that image. */
  base: ResolvedReference;
}

/**
 * A `--from` or `from=` reference of an `ONBUILD` trigger, resolved in the
 * consumer's build where the trigger runs. `reference` points into the
 * producing service's Dockerfile.
 */
export interface TriggerReference extends ResolvedReference {
  source: TriggerSource;
}

const scratchName = 'scratch';

/**
 * Returns the references of the `ONBUILD` triggers that an image built by
 * `producer` carries: those written in the stage the build exports, which is
 * `build.target` or the last stage.
 *
 * BuildKit runs the triggers of a base image once, in the build that uses it,
 * and does not pass them on to that build's image. So triggers written in
 * other stages, or inherited from the producer's own base, never reach a
 * consumer.
 */
export function imageTriggers(producer: ServiceBuild): StageReference[] {
  const dockerfile = producer.dockerfile;
  if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') return [];

  const stages = dockerfile.model.stages;
  const target = producer.build.target?.value.toLowerCase();
  const exported = target === undefined ? stages[stages.length - 1] : lastStageNamed(stages, target);
  return exported?.references.filter((reference) => reference.onbuild) ?? [];
}

/**
 * Resolves a trigger reference as BuildKit does when the trigger runs in
 * `consumer`'s build: a number is an index into the consumer's stages, a name
 * matches a consumer stage case-insensitively, then `scratch`, else a named
 * context or an image.
 */
export function resolveTrigger(consumer: ServiceBuild, reference: StageReference): ResolvedReference {
  const text = reference.text;
  if (text.includes('$')) {
    const reason = 'a --from or from= value of an ONBUILD trigger does not expand variables';
    return { reference, expanded: undefined, target: { kind: 'unresolved', missingArgs: [], reason } };
  }

  // An empty `from=` on a mount means an empty filesystem.
  const name = reference.kind === 'mount-from' && text === '' ? scratchName : text;
  const stages = consumer.dockerfile.kind === 'file' || consumer.dockerfile.kind === 'inline' ? consumer.dockerfile.model.stages : [];
  return { reference, expanded: name, target: targetInStages(stages, reference, name) };
}

function targetInStages(stages: readonly Stage[], reference: StageReference, name: string): ResolvedTarget {
  if (reference.kind === 'copy-from' && /^[0-9]+$/.test(name)) {
    const index = Number(name);
    if (index < stages.length) return { kind: 'stage', stageIndex: index };
    return { kind: 'unresolved', missingArgs: [], reason: `stage index ${name} is out of range in the consuming Dockerfile` };
  }

  const stage = lastStageNamed(stages, name.toLowerCase());
  if (stage !== undefined) return { kind: 'stage', stageIndex: stage.index };
  if (name === scratchName) return { kind: 'scratch' };
  return { kind: 'external', name };
}

/** Returns the last stage called `name`, because a later stage of the same name replaces an earlier one in BuildKit. */
function lastStageNamed(stages: readonly Stage[], name: string): Stage | undefined {
  for (let index = stages.length - 1; index >= 0; index--) {
    if (stages[index]!.name === name) return stages[index];
  }
  return undefined;
}
