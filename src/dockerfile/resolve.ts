import { expandWord } from './shell-word.js';
import type { DockerfileModel, ResolvedReference, ResolvedTarget, Stage, StageReference } from './types.js';

export interface ResolveOptions {
  /** The build target stage, which BuildKit passes in `TARGETSTAGE`. The default is the last stage. */
  target?: string;
}

/**
 * Values of BuildKit's built-in platform ARGs for a build on and for
 * `linux/amd64`. A build arg of the same name replaces a value.
 */
const platformArgs: ReadonlyArray<readonly [string, string]> = [
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDOSVERSION', ''],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETOSVERSION', ''],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
];

const scratchName = 'scratch';

/** Variables visible in FROM lines, and the unset variables each global ARG's value was built from. */
interface GlobalScope {
  values: Map<string, string>;
  missingDependencies: Map<string, string[]>;
}

/**
 * Resolves every reference of a Dockerfile as BuildKit does, in source
 * order: each stage's base, then the `COPY --from` and `RUN --mount from=`
 * references inside that stage.
 *
 * `buildArgs` contains the build args of the build. An `undefined` value
 * means the arg is declared without a value and counts as not provided.
 *
 * NOTE: BuildKit expands an unset variable in FROM to an empty string and
 * goes on. Here any unset variable whose value is used makes the base
 * unresolved, because the name it would produce is rarely the one meant.
 */
export function resolveReferences(
  model: DockerfileModel,
  buildArgs: ReadonlyMap<string, string | undefined>,
  options: ResolveOptions = {},
): ResolvedReference[] {
  const scope = buildGlobalScope(model, buildArgs, options);
  const resolved: ResolvedReference[] = [];
  for (const stage of model.stages) {
    resolved.push(resolveBase(model, stage, scope));
    for (const reference of stage.references) resolved.push(resolveStageReference(model, reference));
  }
  return resolved;
}

/**
 * Builds the variables of FROM lines: the platform ARGs, `TARGETSTAGE` and
 * the ARGs declared before the first FROM. A global ARG takes the build arg
 * when one is provided, otherwise its default expanded against the ARGs
 * before it. Build args without a global ARG declaration stay invisible.
 */
function buildGlobalScope(
  model: DockerfileModel,
  buildArgs: ReadonlyMap<string, string | undefined>,
  options: ResolveOptions,
): GlobalScope {
  const values = new Map<string, string>(platformArgs);
  const lastStageName = model.stages[model.stages.length - 1]?.name;
  values.set('TARGETSTAGE', options.target || lastStageName || 'default');
  for (const name of values.keys()) {
    const provided = buildArgs.get(name);
    if (provided !== undefined) values.set(name, provided);
  }

  const missingDependencies = new Map<string, string[]>();
  for (const declaration of model.globalArgs) {
    const provided = buildArgs.get(declaration.name);
    if (provided !== undefined) {
      values.set(declaration.name, provided);
      missingDependencies.delete(declaration.name);
      continue;
    }
    // A declaration without a default keeps the value of an earlier one.
    if (declaration.defaultText === undefined) continue;

    const expansion = expandWord(declaration.defaultText, model.escapeCharacter, (name) => values.get(name));
    if (!expansion.ok) {
      values.delete(declaration.name);
      continue;
    }
    const inherited = expansion.missing.flatMap((name) => missingDependencies.get(name) ?? []);
    values.set(declaration.name, expansion.value);
    missingDependencies.set(declaration.name, [...expansion.missing, ...inherited]);
  }
  return { values, missingDependencies };
}

/**
 * Resolves a stage's `FROM`: after ARG expansion, an earlier stage with
 * exactly that (lowercased) name, else `scratch`, else an image or named
 * context. The match is case-sensitive, so `FROM Builder` does not find
 * stage `builder`, and `FROM builder:latest` is an image.
 */
function resolveBase(model: DockerfileModel, stage: Stage, scope: GlobalScope): ResolvedReference {
  const reference = stage.base;
  const used: string[] = [];
  const expansion = expandWord(reference.text, model.escapeCharacter, (name) => {
    used.push(name);
    return scope.values.get(name);
  });
  const inherited = used.flatMap((name) => scope.missingDependencies.get(name) ?? []);
  const missingArgs = [...new Set([...expansion.missing, ...inherited])];

  if (!expansion.ok) return unresolved(reference, missingArgs, expansion.error);
  if (missingArgs.length > 0) return unresolved(reference, missingArgs);
  if (expansion.value === '') {
    return { reference, expanded: '', target: { kind: 'unresolved', missingArgs, reason: 'the image name is empty after ARG expansion' } };
  }

  const name = expansion.value;
  const match = lastStageNamed(model.stages.slice(0, stage.index), name);
  return { reference, expanded: name, target: targetByName(name, match) };
}

/**
 * Resolves `COPY --from=X` or `RUN --mount=from=X`. X is not expanded: a
 * number (COPY only) is a stage index, else a stage whose name matches X
 * case-insensitively, defined before or after, else `scratch`, else an image
 * or named context.
 *
 * NOTE: BuildKit stops with an error when X contains a variable. Such a
 * reference is unresolved with no missingArgs and a `reason`.
 */
function resolveStageReference(model: DockerfileModel, reference: StageReference): ResolvedReference {
  const text = reference.text;
  if (reference.kind === 'copy-from') {
    // BuildKit compares the word before and after shell processing with no variables.
    const processed = expandWord(text, model.escapeCharacter, () => undefined);
    if (!processed.ok || processed.value !== text) {
      return unresolved(reference, [], '--from does not expand variables: define a stage with FROM and a global ARG instead');
    }
  } else {
    const dollar = text.indexOf('$');
    if (dollar !== -1 && dollar !== text.length - 1) {
      return unresolved(reference, [], 'from= of --mount does not expand variables: define a stage with FROM and a global ARG instead');
    }
  }

  // An empty `from=` on a mount means an empty filesystem.
  const name = reference.kind === 'mount-from' && text === '' ? scratchName : text;

  // NOTE: an ONBUILD trigger runs in the build of another Dockerfile that
  // uses this image as its base, so its names refer to that file's stages,
  // which are unknown here. Only scratch and external names are resolved.
  if (reference.onbuild) {
    if (reference.kind === 'copy-from' && stageIndexOf(name) !== undefined) {
      return unresolved(reference, [], 'a stage index in an ONBUILD trigger refers to the stages of the Dockerfile that uses this image');
    }
    return { reference, expanded: name, target: targetByName(name, undefined) };
  }

  if (reference.kind === 'copy-from') {
    const index = stageIndexOf(name);
    if (index !== undefined) {
      if (index < 0 || index >= model.stages.length) {
        const count = model.stages.length === 1 ? '1 stage' : `${model.stages.length} stages`;
        return unresolved(reference, [], `stage index ${name} is out of range: the Dockerfile has ${count}`);
      }
      return { reference, expanded: name, target: { kind: 'stage', stageIndex: index } };
    }
  }

  const match = lastStageNamed(model.stages, name.toLowerCase());
  return { reference, expanded: name, target: targetByName(name, match) };
}

/** Returns the last stage called `name`: a later stage of the same name replaces an earlier one, as in BuildKit. */
function lastStageNamed(stages: readonly Stage[], name: string): Stage | undefined {
  for (let i = stages.length - 1; i >= 0; i--) {
    if (stages[i]!.name === name) return stages[i];
  }
  return undefined;
}

function targetByName(name: string, stage: Stage | undefined): ResolvedTarget {
  if (stage !== undefined) return { kind: 'stage', stageIndex: stage.index };
  if (name === scratchName) return { kind: 'scratch' };
  return { kind: 'external', name };
}

/**
 * Returns the stage index that `COPY --from` reads from a number, as Go's
 * `strconv.Atoi` parses it: optional sign, decimal digits, within 64 bits.
 */
function stageIndexOf(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) return undefined;
  return Number(value);
}

function unresolved(reference: StageReference, missingArgs: string[], reason?: string): ResolvedReference {
  const target: ResolvedTarget = reason === undefined ? { kind: 'unresolved', missingArgs } : { kind: 'unresolved', missingArgs, reason };
  return { reference, expanded: undefined, target };
}
