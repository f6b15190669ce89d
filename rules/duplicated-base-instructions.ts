import { displayLocation, displayPath, listAlternatives } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { findDuplication, reportSites, type DuplicationGroup, type ServiceSequence } from '../src/multistage/index.js';
import type { Analysis } from '../src/engine/analysis.js';

function serviceList(members: readonly ServiceSequence[]): string {
  const names = members.map((member) => `"${member.build.service.name}"`);
  return `${names.length === 1 ? 'service' : 'services'} ${listAlternatives(names, 'and')}`;
}

/** A stage that members of a group build, and how messages name it. */
interface GroupStage {
  /** The members that build this stage, in the order of the group. */
  members: ServiceSequence[];
  /** Its services and location, such as `service "web" (web/Dockerfile:1:1)`. */
  description: string;
}

/**
 * Returns the stages of a group by stage identity, in the order of their
 * first member. Each report of the group names all the other stages, so
 * their descriptions are built once per group.
 */
function groupStages(analysis: Analysis, group: DuplicationGroup): Map<string, GroupStage> {
  const members = new Map<string, ServiceSequence[]>();
  for (const member of group.members) {
    const list = members.get(member.stageIdentity);
    if (list === undefined) members.set(member.stageIdentity, [member]);
    else list.push(member);
  }

  const stages = new Map<string, GroupStage>();
  for (const [identity, list] of members) {
    const description = `${serviceList(list)} (${displayLocation(analysis, list[0]!.stage.range)})`;
    stages.set(identity, { members: list, description });
  }
  return stages;
}

function describeGroup(group: DuplicationGroup, stages: ReadonlyMap<string, GroupStage>, site: ServiceSequence): string {
  const siteMembers = stages.get(site.stageIdentity)!.members;
  const elsewhere = [...stages].filter(([identity]) => identity !== site.stageIdentity).map(([, stage]) => stage.description);
  const otherCount = group.members.length - siteMembers.length;
  const copies = elsewhere.length + 1;
  return (
    `This stage, which ${serviceList(siteMembers)} ${siteMembers.length === 1 ? 'builds' : 'build'}, starts with the same ` +
    `${group.sharedLength} instructions as the stage${elsewhere.length === 1 ? '' : 's'} that ${listAlternatives(elsewhere, 'and')} ` +
    `${otherCount === 1 ? 'builds' : 'build'}. The shared steps are written ${copies === 2 ? 'twice' : `${copies} times`}, so every change must be made ` +
    `in each copy, and the images share their layers only when the build cache already holds them.`
  );
}

export const duplicatedBaseInstructions: Rule = {
  meta: {
    id: 'duplicated-base-instructions',
    severity: 'warning',
    description: 'Dockerfiles of several services start with the same instructions, which one shared base stage would build once.',
    fixable: true,
  },

  *check(analysis): Iterable<RuleReport> {
    const duplication = findDuplication(analysis);
    for (const group of duplication.groups) {
      // Planning the rewrite reads every copied file, so it runs only when
      // the caller wants unsafe fixes; the message then stays general.
      const outcome = analysis.fixes === 'all' ? duplication.outcome(group) : undefined;
      const remedy =
        outcome === undefined
          ? 'Move them into one multi-stage Dockerfile with a shared base stage and one target per service: ' +
            '`compose-lint lint --fix-dry-run --unsafe` shows the rewrite, or why it cannot be done.'
          : outcome.kind === 'rewrite'
          ? `Move them into one multi-stage Dockerfile with a shared "${outcome.baseName}" stage and one target per service: ` +
            `\`compose-lint lint --fix --unsafe\` writes ${displayPath(analysis, outcome.dockerfile)} and points each build at its target.`
          : `compose-lint cannot rewrite them into one Dockerfile because ${outcome.reason}; ` +
            '`compose-lint plan` shows how to build the shared steps once in a "base" service instead.';
      const stages = new Map(group.members.map((member) => [member.stageIdentity, member]));
      const stageDescriptions = groupStages(analysis, group);

      for (const site of reportSites(group)) {
        const related = [...stages.values()]
          .filter((other) => other.stageIdentity !== site.stageIdentity)
          .map((other) => ({
            message: `The same instructions start the stage that service "${other.build.service.name}" builds.`,
            range: other.stage.instructions[0]!.range,
          }));
        yield {
          message: `${describeGroup(group, stageDescriptions, site)} ${remedy}`,
          range: site.stage.instructions[0]!.range,
          related,
          fixes: outcome?.kind === 'rewrite' ? [outcome.fix] : [],
        };
      }
    }
  },
};
