import { resolveReferences } from '../dockerfile/index.js';
import { buildArgValues, type Analysis } from '../engine/analysis.js';
import { displayPath } from '../engine/describe.js';
import { namedContextKey } from '../reference/reference.js';
import type { ProjectIndex } from './project-index.js';
import { reject } from './rejection.js';
import type { ServiceSequence } from './sequence.js';
import { StageNames, stageNameOf } from './stage-names.js';
import type { GroupFile } from './write-dockerfile.js';

/** Groups members by Dockerfile, in the order the files first appear. */
export function groupFiles(analysis: Analysis, members: readonly ServiceSequence[]): GroupFile[] {
  const files = new Map<string, GroupFile>();
  for (const member of members) {
    const file = files.get(member.file);
    if (file !== undefined) {
      file.members.push(member);
      continue;
    }
    const buildArgs = buildArgValues(member.build.build, analysis.project);
    files.set(member.file, { file: member.file, model: member.model, members: [member], buildArgs });
  }
  return [...files.values()];
}

/**
 * Returns the parser directive lines of the new file. The files must agree
 * on each directive they set, and on the escape character.
 */
export function mergeDirectives(analysis: Analysis, files: readonly GroupFile[]): string[] {
  const escapes = new Set(files.map((file) => file.model.escapeCharacter));
  if (escapes.size > 1) reject('the Dockerfiles use different escape characters (# escape=)');

  const lines: string[] = [];
  for (const name of ['syntax', 'escape', 'check'] as const) {
    const values = new Map<string, string>();
    for (const file of files) {
      const directive = file.model.directives.find((candidate) => candidate.name === name);
      if (directive !== undefined && !values.has(directive.value)) values.set(directive.value, file.file);
    }
    if (values.size > 1) {
      const written = [...values].map(([value, file]) => `"${value}" in ${displayPath(analysis, file)}`);
      reject(`the Dockerfiles set different # ${name}= directives: ${written.join(' and ')}`);
    }
    const [value] = values.keys();
    if (value !== undefined) lines.push(`# ${name}=${value}`);
  }
  return lines;
}

/**
 * Returns the `ARG` lines before the first `FROM` of the new file: every
 * global ARG of the files, once. The same name declared with different
 * defaults is rejected, because one file has one value for it.
 */
export function mergeGlobalArgs(analysis: Analysis, files: readonly GroupFile[]): string[] {
  const declared = new Map<string, { text: string; file: string }>();
  for (const file of files) {
    for (const declaration of file.model.globalArgs) {
      const text = declaration.defaultText === undefined ? declaration.name : `${declaration.name}=${declaration.defaultText}`;
      const existing = declared.get(declaration.name);
      if (existing === undefined) {
        declared.set(declaration.name, { text, file: file.file });
      } else if (existing.text !== text) {
        reject(
          `ARG ${declaration.name} is declared as "${existing.text}" in ${displayPath(analysis, existing.file)} ` +
            `and as "${text}" in ${displayPath(analysis, file.file)} before the first FROM`,
        );
      }
    }
  }
  return [...declared.values()].map((entry) => `ARG ${entry.text}`);
}

/**
 * Returns the base stage's `FROM` without a name: as written when every
 * member writes it the same way, since the global ARGs it reads are kept,
 * else with the image all members resolve to.
 */
export function baseFromText(members: readonly ServiceSequence[]): string {
  const written = members.map((member) => {
    const from = member.stage.instructions[0]!;
    const platform = from.flags.find((flag) => flag.name === 'platform');
    const flag = platform === undefined ? '' : `${member.model.text.slice(platform.range.start.offset, platform.range.end.offset)} `;
    return { flag, base: member.stage.base.text };
  });
  const first = written[0]!;
  if (written.every((entry) => entry.flag === first.flag && entry.base === first.base)) return `FROM ${first.flag}${first.base}`;

  const base = members[0]!.base;
  const name = base.target.kind === 'external' ? base.target.name : 'scratch';
  return `FROM ${first.flag}${name}`;
}

/**
 * Rejects a shared part that would not mean the same in a stage of its own.
 * `ONBUILD` registers triggers that `FROM base` would run. An `ARG` whose
 * default reads a variable may read an `ENV` of the shared part once it is
 * repeated in the next stage.
 */
export function checkSharedPart(member: ServiceSequence, sharedLength: number): void {
  const shared = member.stage.instructions.slice(1, sharedLength);
  const where = (line: number): string => `${member.file}:${line}`;

  const onbuild = shared.find((instruction) => instruction.keyword === 'ONBUILD');
  if (onbuild !== undefined) {
    reject(`the shared instructions include ONBUILD (${where(onbuild.range.start.line)}), which would run in every stage built FROM the base stage`);
  }

  const hasEnv = shared.some((instruction) => instruction.keyword === 'ENV');
  const readsVariable = shared.find(
    (instruction) => instruction.keyword === 'ARG' && (instruction.declarations ?? []).some((declaration) => declaration.defaultText?.includes('$')),
  );
  if (hasEnv && readsVariable !== undefined) {
    reject(
      `the shared ARG at ${where(readsVariable.range.start.line)} has a default that reads a variable, and the shared ENV ` +
        `instructions could change its value when each service's stage declares it again`,
    );
  }
}

/** The stage names of the new file. */
export interface StageNamePlan {
  base: string;
  services: Map<ServiceSequence, string>;
  /** New names of the stages kept from each file, by stage index; `undefined` for an unnamed stage. */
  kept: Map<string, Map<number, string | undefined>>;
}

/**
 * Names the stages of the new file. No name may clash with another stage, an
 * image the project builds, an image or named context a Dockerfile refers
 * to, or a member's `additional_contexts` key, because the clash would change
 * what a reference resolves to. The base is `base` (else `base-1`, …), and
 * each member's stage is its service name. A kept stage keeps its name
 * unless it clashes, when it becomes `<service>-<name>`.
 */
export function planStageNames(files: readonly GroupFile[], index: ProjectIndex): StageNamePlan {
  const outside = new Set<string>();
  const addName = (name: string): void => {
    outside.add(name.toLowerCase());
    const key = namedContextKey(name);
    if (key !== undefined) outside.add(key);
  };

  for (const file of files) {
    for (const resolved of resolveReferences(file.model, file.buildArgs)) {
      if (resolved.target.kind === 'external') addName(resolved.target.name);
    }
    for (const member of file.members) {
      for (const entry of member.build.build.additionalContexts) {
        const shadowed = file.model.stages.find((stage) => stage.name === entry.key.toLowerCase());
        if (shadowed !== undefined) {
          reject(`the additional context "${entry.key}" of service "${member.build.service.name}" replaces the stage of the same name, which the rewrite would rename or move`);
        }
        addName(entry.key);
      }
    }
  }
  for (const name of index.imageNames) outside.add(name);

  // The members' target stages are replaced, so only the kept stages' names stay taken.
  const keptStages = files.flatMap((file) => {
    const targets = new Set(file.members.map((member) => member.stage.index));
    return file.model.stages.flatMap((stage) => (stage.name === undefined || targets.has(stage.index) ? [] : [stage.name]));
  });
  const names = new StageNames([...outside, ...keptStages]);
  const base = names.claim('base');
  const services = new Map<ServiceSequence, string>();
  for (const file of files) {
    for (const member of file.members) services.set(member, names.claim(stageNameOf(member.build.service.name)));
  }

  const keptNames = new StageNames([...outside, base, ...services.values()]);
  const kept = new Map<string, Map<number, string | undefined>>();
  for (const file of files) {
    const owner = stageNameOf(file.members[0]!.build.service.name);
    const targets = new Set(file.members.map((member) => member.stage.index));
    const byIndex = new Map<number, string | undefined>();
    for (const stage of file.model.stages) {
      if (targets.has(stage.index)) continue;
      const name = stage.name;
      if (name === undefined) byIndex.set(stage.index, undefined);
      else byIndex.set(stage.index, keptNames.claim(keptNames.isTaken(name) ? `${owner}-${name}` : name));
    }
    kept.set(file.file, byIndex);
  }
  return { base, services, kept };
}
