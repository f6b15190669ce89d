import type { Analysis } from '../engine/analysis.js';
import type { SourceRange } from '../source.js';
import { alternativePlan, type AlternativePlan } from './alternative.js';
import { groupByPrefix } from './groups.js';
import { indexProject, type ProjectIndex } from './project-index.js';
import { planRewrite, type RewriteOutcome } from './rewrite.js';
import { collectSequences, InstructionKeys, type ServiceSequence } from './sequence.js';

/** Services whose Dockerfiles start with the same instructions. */
export interface DuplicationGroup {
  /** In the order the services are defined. */
  members: ServiceSequence[];
  /** How many leading instructions all members share, `FROM` included; at least 2. */
  sharedLength: number;
}

/** The duplicated instructions of a project, found once per analysis. */
export interface Duplication {
  groups: DuplicationGroup[];
  /** Instruction keys the grouping requested, which stays linear in the compared instructions. */
  keyLookups: number;
  /** The rewrite of a group into one multi-stage Dockerfile, planned on first request. */
  outcome(group: DuplicationGroup): RewriteOutcome;
}

const duplications = new WeakMap<Analysis, Duplication>();

/**
 * Finds the groups of services whose target stages start with the same
 * `FROM` and at least one more instruction. The rule and the plan read the
 * same result, so each analysis is grouped and rewritten once.
 */
export function findDuplication(analysis: Analysis): Duplication {
  const cached = duplications.get(analysis);
  if (cached !== undefined) return cached;

  const keys = new InstructionKeys(analysis);
  const groups = groupByPrefix(collectSequences(analysis), {
    length: (sequence) => sequence.stage.instructions.length,
    key: (sequence, index) => keys.key(sequence, index),
    identity: (sequence) => sequence.stageIdentity,
  });

  const outcomes = new Map<DuplicationGroup, RewriteOutcome>();
  let index: ProjectIndex | undefined;
  const duplication: Duplication = {
    groups,
    keyLookups: keys.lookups,
    outcome(group) {
      let outcome = outcomes.get(group);
      if (outcome === undefined) {
        index ??= indexProject(analysis);
        outcome = planRewrite(analysis, group, keys, index);
        outcomes.set(group, outcome);
      }
      return outcome;
    },
  };
  duplications.set(analysis, duplication);
  return duplication;
}

/**
 * Returns the member each Dockerfile of a group is reported at: for every
 * file, in the order the files first appear, its member with the first
 * target stage.
 */
export function reportSites(group: DuplicationGroup): ServiceSequence[] {
  const sites = new Map<string, ServiceSequence>();
  for (const member of group.members) {
    const site = sites.get(member.file);
    if (site === undefined || member.stage.index < site.stage.index) sites.set(member.file, member);
  }
  return [...sites.values()];
}

/**
 * Returns the alternative plan of the group reported at `range`, when its
 * rewrite is rejected. Only the group's first report carries the snippets,
 * so the plan lists them once. The other reports of the group get the same
 * change without them.
 */
export function alternativePlanAt(analysis: Analysis, range: SourceRange): AlternativePlan | undefined {
  const duplication = findDuplication(analysis);
  for (const group of duplication.groups) {
    const sites = reportSites(group).map((site) => site.stage.instructions[0]!.range);
    const index = sites.findIndex((site) => site.file === range.file && site.start.offset === range.start.offset);
    if (index === -1) continue;
    if (duplication.outcome(group).kind !== 'rejected') return undefined;

    const plan = alternativePlan(analysis, group);
    return index === 0 ? plan : { ...plan, snippets: [] };
  }
  return undefined;
}
