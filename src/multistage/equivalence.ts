import { posix } from 'node:path';

import { expandKnown, parseDockerfile, resolveReferences, variablesByInstruction, type KnownVariables } from '../dockerfile/index.js';
import type { DockerfileModel, Instruction, ResolvedReference, Stage, StageReference } from '../dockerfile/types.js';
import type { KeyedEntry } from '../project/types.js';
import { namedContextKey, normalizedImageName } from '../reference/reference.js';
import { createSha256 } from '../sha256.js';
import type { ContextSnapshot } from './context-files.js';
import { contextSources } from '../dockerfile/context-sources.js';
import { referencesOf } from './sequence.js';

/** One build of one service: a Dockerfile, the stage it builds, and what the build reads besides the file. */
export interface BuildSide {
  model: DockerfileModel;
  stageIndex: number;
  buildArgs: ReadonlyMap<string, string | undefined>;
  additionalContexts: readonly KeyedEntry[];
  /** The build context as the build receives it, ignore file applied. */
  snapshot: ContextSnapshot;
  /**
   * The context directory relative to a directory both sides share, as a
   * slash path. It replaces a source whose files cannot be read, so such
   * sources still compare by where they point.
   */
  contextPrefix: string;
}

/**
 * Compares the instructions two builds run for their target stage and
 * returns why they differ, or `undefined` when they run the same ones.
 *
 * Each build is flattened: a `FROM` that names a stage is followed into that
 * stage, whose instructions come first. A stage that starts by repeating the
 * `ARG` instructions of the stage it builds on, in order, continues that
 * stage's ARG scope, so the repeated ARGs are not counted again. A stage
 * that does not repeat them adds a mark where those ARGs end. Instructions
 * compare by `normalizedText`, except that a stage reference (`--from`,
 * `from=`) stands for the instructions of the stage it names, whatever its
 * name or index, and a context source (`COPY`/`ADD`) stands for the files it
 * copies (paths below the source and contents), whatever path reaches them.
 */
export function compareBuilds(before: BuildSide, after: BuildSide): string | undefined {
  const old = new CanonicalBuild(before).sequence(before.stageIndex);
  const next = new CanonicalBuild(after).sequence(after.stageIndex);

  const length = Math.min(old.length, next.length);
  for (let index = 0; index < length; index++) {
    if (old[index] !== next[index]) {
      return `instruction ${index + 1} would change from \`${old[index]}\` to \`${next[index]}\``;
    }
  }
  if (old.length !== next.length) return `it would run ${next.length} instructions instead of ${old.length}`;
  return undefined;
}

/** Stands for the start of a stage that does not repeat the ARGs of the stage it builds on. */
const argScopeEnd = '(a new stage, where the ARGs of the stage before are not set)';

/** Marks that stand for a stage or a set of files inside canonical instruction texts. */
const stageMark = (hash: string): string => `@@stage-${hash}@@`;
const filesMark = (digest: string): string => `@@files-${digest}@@`;
const pathMark = (path: string): string => `@@path-${encodeURIComponent(path)}@@`;

/** The canonical instruction texts of one build, computed stage by stage. */
class CanonicalBuild {
  readonly #side: BuildSide;
  readonly #resolved: Map<StageReference, ResolvedReference>;
  readonly #variables: Map<Instruction, KnownVariables>;
  readonly #sequences = new Map<number, string[]>();
  readonly #visiting = new Set<number>();

  constructor(side: BuildSide) {
    this.#side = side;
    const resolved = resolveReferences(side.model, side.buildArgs);
    this.#resolved = new Map(resolved.map((entry) => [entry.reference, entry]));
    this.#variables = variablesByInstruction(side.model, side.buildArgs);
  }

  sequence(stageIndex: number): string[] {
    const cached = this.#sequences.get(stageIndex);
    if (cached !== undefined) return cached;
    // A stage that reaches itself is rejected by BuildKit; it compares as a mark that matches nothing else.
    if (this.#visiting.has(stageIndex)) return [`@@cycle-${stageIndex}@@`];

    this.#visiting.add(stageIndex);
    const stage = this.#side.model.stages[stageIndex]!;
    const sequence = this.#stageSequence(stage);
    this.#visiting.delete(stageIndex);
    this.#sequences.set(stageIndex, sequence);
    return sequence;
  }

  #stageSequence(stage: Stage): string[] {
    const base = this.#resolved.get(stage.base);
    let rest = stage.instructions.slice(1);

    if (base?.target.kind === 'stage') {
      const parent = this.#side.model.stages[base.target.stageIndex]!;
      const carried = parent.instructions.slice(1).filter((instruction) => instruction.keyword === 'ARG');
      const repeats =
        carried.length > 0 &&
        carried.every((instruction, index) => rest[index]?.keyword === 'ARG' && rest[index]!.normalizedText === instruction.normalizedText);
      if (repeats) rest = rest.slice(carried.length);
      // Without the repeated ARGs, the parent's ARGs are not set in this stage, unlike in one stage.
      const scope = carried.length > 0 && !repeats ? [argScopeEnd] : [];
      return [...this.sequence(parent.index), ...scope, ...rest.map((instruction) => this.#instruction(stage, instruction))];
    }

    return [this.#from(stage, base), ...rest.map((instruction) => this.#instruction(stage, instruction))];
  }

  #from(stage: Stage, base: ResolvedReference | undefined): string {
    const platform = stage.platform === undefined ? '' : `--platform=${stage.platform} `;
    if (base === undefined || base.target.kind === 'unresolved') return `FROM ${platform}@@unresolved-${stage.base.text}@@`;
    if (base.target.kind === 'scratch') return `FROM ${platform}scratch`;

    const name = base.target.kind === 'external' ? base.target.name : '';
    const key = namedContextKey(name);
    const context = key === undefined ? undefined : this.#side.additionalContexts.find((entry) => entry.key === key);
    const replaced = context === undefined ? '' : ` (context ${context.contextPath ?? context.value ?? ''})`;
    return `FROM ${platform}${normalizedImageName(name) ?? name}${replaced}`;
  }

  /** The instruction's `normalizedText` with its stage references and context sources replaced by marks. */
  #instruction(stage: Stage, instruction: Instruction): string {
    const references = referencesOf(stage, instruction);
    const sources = contextSources(instruction);
    if (references.length === 0 && sources.length === 0) return instruction.normalizedText;

    const edits: Array<{ start: number; end: number; text: string }> = [];
    for (const reference of references) {
      const resolved = this.#resolved.get(reference);
      if (resolved?.target.kind !== 'stage') continue;
      const hash = createSha256().update(this.sequence(resolved.target.stageIndex).join('\n')).digest('hex');
      edits.push({ start: reference.range.start.offset, end: reference.range.end.offset, text: stageMark(hash) });
    }

    const { model } = this.#side;
    const scope = this.#variables.get(instruction);
    for (const source of sources) {
      const path = scope === undefined ? undefined : expandKnown(source.value, model.escapeCharacter, (name) => scope.get(name));
      const digest = path === undefined ? undefined : this.#side.snapshot.digest(path);
      const mark =
        digest !== undefined
          ? filesMark(digest)
          : pathMark(posix.join(this.#side.contextPrefix, posix.join('/', path ?? source.value).slice(1)));
      edits.push({ start: source.range.start.offset, end: source.range.end.offset, text: instruction.json ? `"${mark}"` : mark });
    }

    const start = instruction.range.start.offset;
    let text = model.text.slice(start, instruction.range.end.offset);
    for (const edit of edits.sort((a, b) => b.start - a.start)) {
      text = text.slice(0, edit.start - start) + edit.text + text.slice(edit.end - start);
    }
    return normalizeInstruction(text, model.escapeCharacter);
  }
}

/** Returns the `normalizedText` of one instruction's source text, read with the given escape character. */
function normalizeInstruction(text: string, escapeCharacter: string): string {
  const directive = escapeCharacter === '\\' ? '' : `# escape=${escapeCharacter}\n`;
  const model = parseDockerfile(`${directive}FROM scratch\n${text}\n`, 'instruction');
  return model.stages[0]?.instructions[1]?.normalizedText ?? text;
}
