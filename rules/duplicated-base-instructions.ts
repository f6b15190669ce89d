import { displayLocation, displayPath, listAlternatives } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { findDuplication, reportSites, type DuplicationGroup, type ServiceSequence } from '../src/multistage/index.js';
import type { Analysis } from '../src/engine/analysis.js';

function serviceList(members: readonly ServiceSequence[]): string {
  const names = members.map((member) => `"${member.build.service.name}"`);
  return `${names.length === 1 ? 'service' : 'services'} ${listAlternatives(names, 'and')}`;
}

function describeGroup(analysis: Analysis, group: DuplicationGroup, site: ServiceSequence): string {
  const here = group.members.filter((member) => member.stageIdentity === site.stageIdentity);
  const others = group.members.filter((member) => member.stageIdentity !== site.stageIdentity);
  const otherStages = new Map<string, ServiceSequence[]>();
  for (const member of others) otherStages.set(member.stageIdentity, [...(otherStages.get(member.stageIdentity) ?? []), member]);

  const elsewhere = [...otherStages.values()].map(
    (members) => `${serviceList(members)} (${displayLocation(analysis, members[0]!.stage.range)})`,
  );
  const copies = otherStages.size + 1;
  return (
    `This stage, which ${serviceList(here)} ${here.length === 1 ? 'builds' : 'build'}, starts with the same ` +
    `${group.sharedLength} instructions as the stage${otherStages.size === 1 ? '' : 's'} that ${listAlternatives(elsewhere, 'and')} ` +
    `${others.length === 1 ? 'builds' : 'build'}. The shared steps are written ${copies === 2 ? 'twice' : `${copies} times`}, so every change must be made ` +
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

      for (const site of reportSites(group)) {
        const related = [...stages.values()]
          .filter((other) => other.stageIdentity !== site.stageIdentity)
          .map((other) => ({
            message: `The same instructions start the stage that service "${other.build.service.name}" builds.`,
            range: other.stage.instructions[0]!.range,
          }));
        yield {
          message: `${describeGroup(analysis, group, site)} ${remedy}`,
          range: site.stage.instructions[0]!.range,
          related,
          fixes: outcome?.kind === 'rewrite' ? [outcome.fix] : [],
        };
      }
    }
  },
};
