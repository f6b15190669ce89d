import { expandWord } from './shell-word.js';
import type { DockerfileModel, Instruction } from './types.js';

/**
 * Values of variables as far as the Dockerfile and the build args show
 * them. A name maps to `undefined`, or is absent, when its value is unknown:
 * set by the base image's ENV, by an ARG without a value, or by a platform
 * ARG, which depends on the platform of the build.
 */
export type KnownVariables = ReadonlyMap<string, string | undefined>;

/**
 * Returns the variables each instruction inside a stage can expand. These
 * are the global ARGs redeclared in the stage, the stage's ARGs and ENVs
 * before the instruction, and the ENVs of an earlier stage used as the base.
 * An ENV overrides an ARG of the same name, as in BuildKit.
 *
 * `buildArgs` are the build args of the build; an `undefined` value is a
 * valueless entry that the environment did not set.
 */
export function variablesByInstruction(
  model: DockerfileModel,
  buildArgs: ReadonlyMap<string, string | undefined>,
): Map<Instruction, KnownVariables> {
  const globals = globalValues(model, buildArgs);
  const stageEnvironments: Array<Map<string, string | undefined>> = [];
  const scopes = new Map<Instruction, KnownVariables>();

  for (const stage of model.stages) {
    const base = expandKnown(stage.base.text, model.escapeCharacter, (name) => globals.get(name));
    const baseIndex = base === undefined ? -1 : lastIndexOfStage(model, base, stage.index);
    const environment = new Map(stageEnvironments[baseIndex] ?? []);
    const args = new Map<string, string | undefined>();
    const lookup = (name: string): string | undefined => (environment.has(name) ? environment.get(name) : args.get(name));
    // Instructions between two ARG or ENV instructions see the same variables, so they share one map.
    let scope: KnownVariables | undefined;

    for (const instruction of stage.instructions.slice(1)) {
      scope ??= new Map([...args, ...environment]);
      scopes.set(instruction, scope);

      for (const declaration of instruction.declarations ?? []) {
        const provided = buildArgs.get(declaration.name);
        if (provided !== undefined) args.set(declaration.name, provided);
        else if (declaration.defaultText !== undefined) args.set(declaration.name, expandKnown(declaration.defaultText, model.escapeCharacter, lookup));
        else args.set(declaration.name, globals.get(declaration.name));
        scope = undefined;
      }
      if (instruction.keyword === 'ENV') {
        for (const property of instruction.properties ?? []) {
          environment.set(property.key, expandKnown(property.value, model.escapeCharacter, lookup));
          scope = undefined;
        }
      }
    }
    stageEnvironments[stage.index] = environment;
  }
  return scopes;
}

/**
 * Expands a word when every variable it refers to is known, or returns
 * `undefined`. A `${NAME:-default}` counts as unknown when NAME is, because
 * the base image may set NAME.
 */
export function expandKnown(word: string, escape: string, lookup: (name: string) => string | undefined): string | undefined {
  let unknown = false;
  const expansion = expandWord(word, escape, (name) => {
    const value = lookup(name);
    if (value === undefined) unknown = true;
    return value;
  });
  return expansion.ok && !unknown ? expansion.value : undefined;
}

/** Values of the ARGs declared before the first FROM: the build arg, else the default. */
function globalValues(model: DockerfileModel, buildArgs: ReadonlyMap<string, string | undefined>): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const declaration of model.globalArgs) {
    const provided = buildArgs.get(declaration.name);
    if (provided !== undefined) values.set(declaration.name, provided);
    else if (declaration.defaultText !== undefined) {
      values.set(declaration.name, expandKnown(declaration.defaultText, model.escapeCharacter, (name) => values.get(name)));
    }
  }
  return values;
}

function lastIndexOfStage(model: DockerfileModel, name: string, before: number): number {
  for (let index = before - 1; index >= 0; index--) {
    if (model.stages[index]!.name === name) return index;
  }
  return -1;
}
