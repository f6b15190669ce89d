import { customFrontend, expandKnown, variablesByInstruction, type KnownVariables } from '../dockerfile/index.js';
import type { DockerfileModel, Instruction, ResolvedReference, Stage } from '../dockerfile/types.js';
import { buildArgValues, type Analysis, type ServiceBuild } from '../engine/analysis.js';
import { declaredContext } from '../graph/graph.js';
import { normalizedImageName } from '../reference/reference.js';
import { contextSources } from '../dockerfile/context-sources.js';
import { bindsContext, ContextSnapshot, findIgnoreFile, type IgnoreFile } from './context-files.js';

/**
 * The stage a service builds from a Dockerfile on disk, as a sequence of
 * instructions that can be compared with other services' sequences.
 */
export interface ServiceSequence {
  build: ServiceBuild;
  /** Absolute path of the Dockerfile. */
  file: string;
  model: DockerfileModel;
  /** The stage the service builds: its `build.target`, else the last stage. */
  stage: Stage;
  /** The resolution of the stage's `FROM`: an image or `scratch`, never another stage. */
  base: ResolvedReference;
  /** Absolute path of the build context. */
  contextRoot: string;
  ignoreFile: IgnoreFile | undefined;
  /** Services with the same value build the same Dockerfile stage, so they are not duplicates of each other. */
  stageIdentity: string;
}

/**
 * Returns the sequence of every service whose build can be compared: a local
 * context, a Dockerfile file that parses cleanly with Docker's frontend, a
 * target stage that exists, and a `FROM` that names an image or `scratch`.
 *
 * NOTE: builds with `dockerfile_inline` are not compared, because the
 * rewrite could not move their text into a file without changing the
 * compose file's meaning for other tools.
 */
export function collectSequences(analysis: Analysis): ServiceSequence[] {
  const sequences: ServiceSequence[] = [];
  for (const build of analysis.builds) {
    const { dockerfile } = build;
    const contextRoot = build.build.contextPath;
    if (dockerfile.kind !== 'file' || contextRoot === undefined) continue;
    if (analysis.host.kind(contextRoot) !== 'directory') continue;

    const model = dockerfile.model;
    if (model.findings.length > 0 || customFrontend(model) !== undefined) continue;

    const stage = targetStage(model, build.build.target?.value);
    if (stage === undefined) continue;

    const base = build.references.find((resolved) => resolved.reference === stage.base);
    if (base === undefined || (base.target.kind !== 'external' && base.target.kind !== 'scratch')) continue;

    sequences.push({
      build,
      file: dockerfile.path,
      model,
      stage,
      base,
      contextRoot,
      ignoreFile: findIgnoreFile(analysis.host, contextRoot, dockerfile.path),
      stageIdentity: `${dockerfile.path}#${stage.index}`,
    });
  }
  return sequences;
}

/** Returns the stage `target` names, matched case-insensitively as BuildKit does, else the last stage. */
export function targetStage(model: DockerfileModel, target: string | undefined): Stage | undefined {
  if (target === undefined) return model.stages[model.stages.length - 1];
  const name = target.toLowerCase();
  for (let index = model.stages.length - 1; index >= 0; index--) {
    if (model.stages[index]!.name === name) return model.stages[index];
  }
  return undefined;
}

/** Returns the stage references written inside one instruction of a stage, those of ONBUILD triggers excluded. */
export function referencesOf(stage: Stage, instruction: Instruction): Stage['references'] {
  return stage.references.filter(
    (reference) =>
      !reference.onbuild &&
      reference.range.start.offset >= instruction.range.start.offset &&
      reference.range.end.offset <= instruction.range.end.offset,
  );
}

/**
 * Comparison keys of the instructions of service sequences. Two services
 * share an instruction when their keys are equal:
 *
 * - `FROM`: the platform as written and the image after ARG expansion with
 *   each service's build args, normalized, plus the named context that
 *   replaces it, if the service declares one;
 * - any other instruction: its `normalizedText`, plus what it reads besides
 *   its text. That is the files a context `COPY`/`ADD` selects (by path and
 *   content), the service's own stages for `--from`, the value of a named
 *   context, and the whole context for a bind mount.
 *
 * Keys are computed on first use and kept, so a sequence is read only as
 * far as it is compared.
 */
export class InstructionKeys {
  readonly #analysis: Analysis;
  readonly #keys = new Map<ServiceSequence, string[]>();
  readonly #variables = new Map<ServiceSequence, Map<Instruction, KnownVariables>>();
  readonly #snapshots = new Map<string, ContextSnapshot>();
  /** How many keys were requested, for checking that grouping stays linear. */
  lookups = 0;

  constructor(analysis: Analysis) {
    this.#analysis = analysis;
  }

  key(sequence: ServiceSequence, index: number): string {
    this.lookups++;
    let keys = this.#keys.get(sequence);
    if (keys === undefined) {
      keys = [];
      this.#keys.set(sequence, keys);
    }
    let key = keys[index];
    if (key === undefined) {
      key = index === 0 ? this.#fromKey(sequence) : this.#instructionKey(sequence, index);
      keys[index] = key;
    }
    return key;
  }

  /** Returns the snapshot of a context with an ignore file, shared by the services that use both. */
  snapshot(contextRoot: string, ignoreText: string | undefined): ContextSnapshot {
    const id = `${contextRoot}\0${ignoreText ?? ''}\0${ignoreText === undefined ? 'none' : 'text'}`;
    let snapshot = this.#snapshots.get(id);
    if (snapshot === undefined) {
      snapshot = new ContextSnapshot(this.#analysis.host, contextRoot, ignoreText);
      this.#snapshots.set(id, snapshot);
    }
    return snapshot;
  }

  /** Returns the variables each instruction of the sequence's Dockerfile can expand with the service's build args. */
  variables(sequence: ServiceSequence): Map<Instruction, KnownVariables> {
    let variables = this.#variables.get(sequence);
    if (variables === undefined) {
      variables = variablesByInstruction(sequence.model, buildArgValues(sequence.build.build, this.#analysis.project));
      this.#variables.set(sequence, variables);
    }
    return variables;
  }

  #fromKey(sequence: ServiceSequence): string {
    const { base, stage } = sequence;
    const name = base.target.kind === 'external' ? base.target.name : 'scratch';
    const context = base.target.kind === 'external' ? declaredContext(sequence.build, name) : undefined;
    const contextValue = context === undefined ? '' : (context.contextPath ?? context.value ?? '');
    return ['FROM', stage.platform ?? '', normalizedImageName(name) ?? name, contextValue].join('\0');
  }

  #instructionKey(sequence: ServiceSequence, index: number): string {
    const instruction = sequence.stage.instructions[index]!;
    const parts = [instruction.normalizedText];

    for (const reference of referencesOf(sequence.stage, instruction)) {
      const resolved = sequence.build.references.find((candidate) => candidate.reference === reference);
      if (resolved?.target.kind === 'stage') {
        // A stage of this Dockerfile differs from any other file's stage of the same name.
        parts.push(`stage\0${sequence.stageIdentity}`);
      } else if (resolved?.target.kind === 'external') {
        const context = declaredContext(sequence.build, resolved.target.name);
        if (context !== undefined) parts.push(`context\0${context.contextPath ?? context.value ?? ''}`);
      } else {
        parts.push(`unresolved\0${sequence.stageIdentity}`);
      }
    }

    const sources = contextSources(instruction);
    if (sources.length > 0) {
      const snapshot = this.snapshot(sequence.contextRoot, sequence.ignoreFile?.text);
      const scope = this.variables(sequence).get(instruction);
      for (const source of sources) {
        const path = scope === undefined ? undefined : expandKnown(source.value, sequence.model.escapeCharacter, (name) => scope.get(name));
        const digest = path === undefined ? undefined : snapshot.digest(path);
        // A source that cannot be read makes the instruction this service's own.
        parts.push(digest === undefined ? `unknown\0${sequence.build.service.name}` : `files\0${digest}`);
      }
    }

    if (bindsContext(instruction)) parts.push(`bind\0${sequence.contextRoot}\0${sequence.ignoreFile?.text ?? ''}`);
    return parts.join('\0');
  }
}
