import { dirname, join, relative, resolve, sep } from 'node:path';

import { parseDockerfile } from '../dockerfile/index.js';
import { buildArgValues, type Analysis } from '../engine/analysis.js';
import { displayLocation, displayPath, listAlternatives } from '../engine/describe.js';
import type { FileChange, Fix, TextEdit } from '../engine/finding.js';
import { setBuildValues, type BuildValue } from '../fix/build-edit.js';
import { findService, nodeStart } from '../fix/compose-edit.js';
import type { DuplicationGroup } from './detect.js';
import { compareBuilds } from './equivalence.js';
import { chooseDockerfilePath, planContext, planIgnoreFile, type ContextPlan } from './plan-context.js';
import type { ProjectIndex } from './project-index.js';
import { baseFromText, checkSharedPart, groupFiles, mergeDirectives, mergeGlobalArgs, planStageNames } from './plan-layout.js';
import { reject, RewriteRejected } from './rejection.js';
import type { InstructionKeys, ServiceSequence } from './sequence.js';
import { writeDockerfile, type GroupFile } from './write-dockerfile.js';

/** The unsafe fix that rewrites a group, or why the rewrite cannot be made exactly. */
export type RewriteOutcome =
  | { kind: 'rewrite'; fix: Fix; dockerfile: string; baseName: string }
  | { kind: 'rejected'; reason: string };

/**
 * Plans the rewrite of a group into one multi-stage Dockerfile: writes the
 * new file's text, checks that every member's new target runs the same
 * instructions as its old stage (`compareBuilds`), and edits each member's
 * `build:` to use it. Nothing is written here; the outcome carries the fix.
 */
export function planRewrite(analysis: Analysis, group: DuplicationGroup, keys: InstructionKeys, index: ProjectIndex): RewriteOutcome {
  try {
    return { kind: 'rewrite', ...buildRewrite(analysis, group, keys, index) };
  } catch (error) {
    if (error instanceof RewriteRejected) return { kind: 'rejected', reason: error.message };
    throw error;
  }
}

function buildRewrite(
  analysis: Analysis,
  group: DuplicationGroup,
  keys: InstructionKeys,
  index: ProjectIndex,
): Omit<Extract<RewriteOutcome, { kind: 'rewrite' }>, 'kind'> {
  const { members, sharedLength } = group;
  const prefixSource = members[0]!;
  checkSharedPart(prefixSource, sharedLength);

  const files = groupFiles(analysis, members);
  const context = planContext(analysis, members);
  checkKeptStageContexts(analysis, files, context);

  const dockerfile = chooseDockerfilePath(analysis, context.root);
  const ignore = planIgnoreFile(analysis, members, context, dockerfile);
  const names = planStageNames(files, index);

  const text = writeDockerfile({
    directives: mergeDirectives(analysis, files),
    globalArgs: mergeGlobalArgs(analysis, files),
    baseFrom: baseFromText(members),
    baseName: names.base,
    prefixSource,
    sharedLength,
    files,
    serviceNames: names.services,
    keptNames: names.kept,
    contextPrefixes: context.prefixes,
  });

  const model = parseDockerfile(text, dockerfile);
  const problem = model.findings[0];
  if (problem !== undefined) reject(`the new Dockerfile would not parse: ${problem.message}`);

  // NOTE: the new Dockerfile and its ignore file are not on disk yet, so the
  // comparison does not see that a COPY of a whole context will copy them too.
  for (const member of members) {
    const buildArgs = buildArgValues(member.build.build, analysis.project);
    const { additionalContexts } = member.build.build;
    const stageName = names.services.get(member)!;
    const stageIndex = model.stages.findIndex((stage) => stage.name === stageName);
    if (stageIndex === -1) reject(`the new Dockerfile has no stage "${stageName}" for service "${member.build.service.name}"`);

    const difference = compareBuilds(
      {
        model: member.model,
        stageIndex: member.stage.index,
        buildArgs,
        additionalContexts,
        snapshot: keys.snapshot(member.contextRoot, member.ignoreFile?.text),
        contextPrefix: context.prefixes.get(member)!,
      },
      {
        model,
        stageIndex,
        buildArgs,
        additionalContexts,
        snapshot: keys.snapshot(context.root, ignore.effectiveText),
        contextPrefix: '',
      },
    );
    if (difference !== undefined) {
      reject(`the stage "${stageName}" of the new Dockerfile would not build what service "${member.build.service.name}" builds now: ${difference}`);
    }
  }

  const fileChanges: FileChange[] = [{ kind: 'create', file: dockerfile, text }];
  if (ignore.create !== undefined) fileChanges.push({ kind: 'create', ...ignore.create });
  fileChanges.push(...obsoleteFiles(analysis, files, index));

  const services = listAlternatives(members.map((member) => `"${member.build.service.name}"`), 'and');
  return {
    fix: {
      title:
        `Build services ${services} from one multi-stage Dockerfile, ${displayPath(analysis, dockerfile)}, ` +
        `with the shared instructions in a "${names.base}" stage`,
      safety: 'unsafe',
      edits: composeEdits(analysis, members, context, dockerfile, names.services),
      files: fileChanges,
    },
    dockerfile,
    baseName: names.base,
  };
}

/**
 * Rejects a file whose kept stages would need two rewrites: the stages that
 * members of different contexts share are written once, with one context.
 */
function checkKeptStageContexts(analysis: Analysis, files: readonly GroupFile[], context: ContextPlan): void {
  for (const file of files) {
    const prefixes = new Set(file.members.map((member) => context.prefixes.get(member)));
    const targets = new Set(file.members.map((member) => member.stage.index));
    if (prefixes.size > 1 && file.model.stages.some((stage) => !targets.has(stage.index))) {
      reject(`${displayPath(analysis, file.file)} has stages that services with different build contexts share`);
    }
  }
}

/** Edits of each member's `build:` that set its new context, Dockerfile and target. */
function composeEdits(
  analysis: Analysis,
  members: readonly ServiceSequence[],
  context: ContextPlan,
  dockerfile: string,
  stageNames: Map<ServiceSequence, string>,
): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const member of members) {
    const { build, service } = member.build;
    const name = service.name;
    if (build.anchor !== undefined || [build.context, build.dockerfile, build.target].some((value) => value?.anchor !== undefined)) {
      reject(`the build of service "${name}" comes from a YAML anchor (${displayLocation(analysis, build.range)}) that other services may share`);
    }

    const file = build.range.file;
    const text = analysis.host.readText(file);
    const location = text === undefined ? undefined : findService(text, name);
    if (text === undefined || location?.build?.value == null || nodeStart(location.build.value) !== build.range.start.offset) {
      reject(`the build of service "${name}" is not written in its own build: section (${displayLocation(analysis, build.range)})`);
    }

    const values: BuildValue[] = [];
    if (member.contextRoot !== context.root) values.push({ key: 'context', value: contextValue(analysis, member, context.root) });
    const defaultDockerfile = build.dockerfile === undefined && dockerfile === join(context.root, 'Dockerfile');
    if (!defaultDockerfile) values.push({ key: 'dockerfile', value: relative(context.root, dockerfile).split(sep).join('/') });
    values.push({ key: 'target', value: stageNames.get(member)! });

    const result = setBuildValues(file, text, name, values);
    if ('reason' in result) reject(result.reason);
    edits.push(...result.edits);
  }
  return edits;
}

/**
 * Returns the `context:` value that names `root` for a member, relative to the
 * directory its current value is relative to: the project directory, or the
 * directory of the compose file that writes it.
 */
function contextValue(analysis: Analysis, member: ServiceSequence, root: string): string {
  const { context } = member.build.build;
  const bases = [analysis.project.workingDir, dirname(context.range.file)];
  const base = bases.find((candidate) => resolve(candidate, context.value) === member.contextRoot);
  if (base === undefined) reject(`the build context of service "${member.build.service.name}" is not relative to the project directory`);

  const path = relative(base, root).split(sep).join('/');
  if (path === '') return '.';
  return path.startsWith('..') ? path : `./${path}`;
}

/**
 * Returns the old Dockerfiles that no other service builds once the members
 * move, with their own ignore files, as deletions made only on request
 * (`--remove-old`).
 */
function obsoleteFiles(analysis: Analysis, files: readonly GroupFile[], index: ProjectIndex): FileChange[] {
  const moved = new Set(files.flatMap((file) => file.members.map((member) => member.build.service.name)));
  const changes: FileChange[] = [];
  for (const { file } of files) {
    if ((index.dockerfileServices.get(file) ?? []).some((service) => !moved.has(service))) continue;
    for (const path of [file, `${file}.dockerignore`]) {
      const text = analysis.host.readText(path);
      if (text !== undefined) changes.push({ kind: 'delete', file: path, text, optional: true });
    }
  }
  return changes;
}
