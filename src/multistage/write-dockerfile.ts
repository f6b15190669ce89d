import { posix } from 'node:path';

import { resolveReferences } from '../dockerfile/index.js';
import type { DockerfileModel, Instruction, Stage, StageReference } from '../dockerfile/types.js';
import { contextSources } from '../dockerfile/context-sources.js';
import { bindsContext } from './context-files.js';
import { reject } from './rejection.js';
import type { ServiceSequence } from './sequence.js';

/** The Dockerfiles of a group, each with the members that build it, in the order they first appear. */
export interface GroupFile {
  file: string;
  model: DockerfileModel;
  members: ServiceSequence[];
  /** The build args of the file's first member, which resolve its stage references. */
  buildArgs: ReadonlyMap<string, string | undefined>;
}

/** The contents of the new Dockerfile, decided before it is written. */
export interface DockerfileLayout {
  /** Parser directive lines, such as `# syntax=docker/dockerfile:1`. */
  directives: string[];
  /** `ARG` lines before the first `FROM`. */
  globalArgs: string[];
  /** The base stage's `FROM` without its name. */
  baseFrom: string;
  baseName: string;
  /** The member whose instructions the base stage copies. */
  prefixSource: ServiceSequence;
  sharedLength: number;
  files: GroupFile[];
  /** The stage name of each member. */
  serviceNames: Map<ServiceSequence, string>;
  /** New names of the stages kept from each file, by stage index; `undefined` keeps a stage unnamed. */
  keptNames: Map<string, Map<number, string | undefined>>;
  /** Each member's context directory relative to the new context, as a slash path. */
  contextPrefixes: Map<ServiceSequence, string>;
}

/** One stage of the new file: the base, a member's own stage, or a stage kept from an old file. */
type Entry =
  | { kind: 'base' }
  | { kind: 'service'; member: ServiceSequence; first: boolean }
  | { kind: 'kept'; file: GroupFile; stage: Stage };

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Writes the multi-stage Dockerfile of a layout: directives and global ARGs,
 * the base stage with the shared instructions, then each old file's stages in
 * their order, where every member's target stage becomes `FROM base AS
 * <service>` followed by the rest of its instructions. A member's stage
 * first repeats the `ARG` instructions of the shared part, because ARGs are
 * scoped to their stage and the rest may read them. Text is copied from the
 * old files, comments included, with stage references renamed and context
 * sources moved below the new context.
 */
export function writeDockerfile(layout: DockerfileLayout): string {
  const entries = layoutEntries(layout);
  const references = referenceTexts(layout, entries);
  const eol = layout.prefixSource.model.text.includes('\r\n') ? '\r\n' : '\n';

  const sections: string[] = [];
  if (layout.directives.length > 0) sections.push(layout.directives.join(eol));
  if (layout.globalArgs.length > 0) sections.push(layout.globalArgs.join(eol));

  for (const entry of entries) {
    if (entry.kind === 'base') sections.push(baseStage(layout, eol));
    else if (entry.kind === 'service') sections.push(serviceStage(layout, entry, references, eol));
    else sections.push(keptStage(layout, entry, references, eol));
  }
  return `${sections.join(eol + eol)}${eol}`;
}

function layoutEntries(layout: DockerfileLayout): Entry[] {
  const entries: Entry[] = [{ kind: 'base' }];
  for (const file of layout.files) {
    for (const stage of file.model.stages) {
      const members = file.members.filter((member) => member.stage === stage);
      if (members.length === 0) entries.push({ kind: 'kept', file, stage });
      members.forEach((member, index) => entries.push({ kind: 'service', member, first: index === 0 }));
    }
  }
  return entries;
}

/**
 * The text each stage reference of the old files must have in the new one:
 * the new name of the stage it resolves to, or its new index for a numeric
 * `--from`. A member's target stage is named after the first member that
 * builds it.
 */
function referenceTexts(layout: DockerfileLayout, entries: Entry[]): Map<StageReference, string> {
  const texts = new Map<StageReference, string>();
  for (const file of layout.files) {
    const newIndex = (stageIndex: number): number =>
      entries.findIndex(
        (entry) =>
          (entry.kind === 'kept' && entry.file === file && entry.stage.index === stageIndex) ||
          (entry.kind === 'service' && entry.member.file === file.file && entry.member.stage.index === stageIndex),
      );

    for (const resolved of resolveReferences(file.model, file.buildArgs)) {
      const { reference, target } = resolved;
      if (target.kind !== 'stage' || reference.onbuild) continue;
      if (reference.text.includes('$')) {
        reject(`the stage reference ${reference.text} in ${file.file} uses a variable, so it cannot be renamed`);
      }

      const member = file.members.find((candidate) => candidate.stage.index === target.stageIndex);
      const name = member !== undefined ? layout.serviceNames.get(member) : layout.keptNames.get(file.file)?.get(target.stageIndex);
      const numeric = /^[+-]?[0-9]+$/.test(reference.text);
      const text = numeric || name === undefined ? String(newIndex(target.stageIndex)) : name;
      if (text !== reference.text) texts.set(reference, text);
    }
  }
  return texts;
}

function baseStage(layout: DockerfileLayout, eol: string): string {
  const { prefixSource: source, sharedLength } = layout;
  const body = sharedInstructionsText(source, sharedLength, layout.contextPrefixes.get(source)!);
  return [`${layout.baseFrom} AS ${layout.baseName}`, body].join(eol);
}

/**
 * Returns the text of a member's shared instructions after its `FROM`, comments
 * between them included, with context sources moved below `prefix`.
 */
export function sharedInstructionsText(member: ServiceSequence, sharedLength: number, prefix: string): string {
  const instructions = member.stage.instructions;
  const start = instructions[0]!.range.end.offset;
  const end = instructions[sharedLength - 1]!.range.end.offset;
  const edits = sourceEdits(member.model, instructions.slice(1, sharedLength), prefix);
  return trimBlankLines(sliceWithEdits(member.model.text, start, end, edits));
}

/**
 * Returns the `ARG` instructions among a member's shared instructions, as written. A
 * stage built on the shared part repeats them first, because an ARG is
 * scoped to the stage that declares it.
 */
export function carriedArgs(member: ServiceSequence, sharedLength: number): string[] {
  return member.stage.instructions
    .slice(1, sharedLength)
    .filter((instruction) => instruction.keyword === 'ARG')
    .map((instruction) => member.model.text.slice(instruction.range.start.offset, instruction.range.end.offset));
}

function serviceStage(
  layout: DockerfileLayout,
  entry: Extract<Entry, { kind: 'service' }>,
  references: Map<StageReference, string>,
  eol: string,
): string {
  const { member } = entry;
  const instructions = member.stage.instructions;
  const lines = entry.first ? leadingComments(member.model, member.stage) : [];
  lines.push(`FROM ${layout.baseName} AS ${layout.serviceNames.get(member)}`);

  const rest = instructions.slice(layout.sharedLength);
  if (rest.length === 0) return lines.join(eol);

  lines.push(...carriedArgs(layout.prefixSource, layout.sharedLength));

  const prefix = layout.contextPrefixes.get(member)!;
  const edits = [...sourceEdits(member.model, rest, prefix), ...referenceEdits(member.stage, rest, references)];
  const start = instructions[layout.sharedLength - 1]!.range.end.offset;
  const end = instructions[instructions.length - 1]!.range.end.offset;
  lines.push(trimBlankLines(sliceWithEdits(member.model.text, start, end, edits)));
  return lines.join(eol);
}

function keptStage(
  layout: DockerfileLayout,
  entry: Extract<Entry, { kind: 'kept' }>,
  references: Map<StageReference, string>,
  eol: string,
): string {
  const { file, stage } = entry;
  const prefix = layout.contextPrefixes.get(file.members[0]!)!;
  const edits = [...sourceEdits(file.model, stage.instructions, prefix), ...referenceEdits(stage, stage.instructions, references)];

  const name = layout.keptNames.get(file.file)?.get(stage.index);
  if (stage.nameRange !== undefined && name !== undefined && name !== stage.name) {
    edits.push({ start: stage.nameRange.start.offset, end: stage.nameRange.end.offset, text: name });
  }

  const end = stage.instructions[stage.instructions.length - 1]!.range.end.offset;
  const text = sliceWithEdits(file.model.text, stage.range.start.offset, end, edits);
  return [...leadingComments(file.model, stage), text].join(eol);
}

/** Edits that rename the stage references written in consecutive `instructions` of a stage, its `FROM` included. */
function referenceEdits(stage: Stage, instructions: Instruction[], references: Map<StageReference, string>): Edit[] {
  const start = instructions[0]!.range.start.offset;
  const end = instructions[instructions.length - 1]!.range.end.offset;
  const edits: Edit[] = [];
  for (const [reference, text] of references) {
    const { range } = reference;
    if (range.file !== stage.range.file || range.start.offset < start || range.end.offset > end) continue;
    edits.push({ start: range.start.offset, end: range.end.offset, text });
  }
  return edits;
}

/**
 * Edits that move the context sources of `instructions` below `prefix`. An
 * instruction that reads the context in a way a path prefix cannot move is
 * rejected.
 */
function sourceEdits(model: DockerfileModel, instructions: Instruction[], prefix: string): Edit[] {
  if (prefix === '') return [];

  const edits: Edit[] = [];
  for (const instruction of instructions) {
    const where = `${instruction.keyword} at ${model.file}:${instruction.range.start.line}`;
    if (bindsContext(instruction)) reject(`${where} binds the build context, and compose-lint does not move bind mounts to a new context`);

    const sources = contextSources(instruction);
    if (sources.length === 0) continue;
    const flag = instruction.flags.find((candidate) => candidate.name === 'parents' || candidate.name === 'exclude');
    if (flag !== undefined) reject(`${where} uses --${flag.name}, whose paths depend on where the context starts`);

    for (const source of sources) {
      const written = model.text.slice(source.range.start.offset, source.range.end.offset);
      edits.push({ start: source.range.start.offset, end: source.range.end.offset, text: prefixSource(written, prefix) });
    }
  }
  return edits;
}

/** Characters a source path can have for `prefixSource` to clean it as a path. */
const plainSource = /^[A-Za-z0-9._/*?@+,=:~%-]+$/;

/**
 * Moves a `COPY`/`ADD` source as written below `prefix`. A plain path is
 * joined and cleaned: `/app.py` and `./app.py` become `api/app.py`, and `.`
 * becomes `api`. Any other word gets the prefix after its opening quote, so
 * quotes, escapes and variables keep working.
 */
export function prefixSource(written: string, prefix: string): string {
  if (plainSource.test(written)) {
    const cleaned = posix.join('/', written).slice(1);
    return cleaned === '' ? prefix : posix.join(prefix, cleaned);
  }
  const quote = written.startsWith('"') || written.startsWith("'") ? written[0]! : '';
  return `${quote}${prefix}/${written.slice(quote.length)}`;
}

/** Returns the comment lines written directly above a stage's `FROM`, without a blank line between. */
function leadingComments(model: DockerfileModel, stage: Stage): string[] {
  const fromStart = stage.range.start.offset;
  const previous = model.instructions.filter((instruction) => instruction.range.end.offset <= fromStart).at(-1);
  const directivesEnd = model.directives.at(-1)?.range.end.offset ?? 0;
  const start = Math.max(previous?.range.end.offset ?? 0, directivesEnd);

  const lines = model.text.slice(start, fromStart).replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.pop();
  const comments: string[] = [];
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index]!;
    if (!line.trimStart().startsWith('#')) break;
    comments.unshift(line);
  }
  return comments;
}

/** Returns the text between two offsets with non-overlapping edits inside them applied. */
function sliceWithEdits(text: string, start: number, end: number, edits: Edit[]): string {
  let result = '';
  let position = start;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    result += text.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + text.slice(position, end);
}

/** Removes blank lines before the first and after the last line with text. */
function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/(?:\r?\n[ \t]*)+$/, '');
}
