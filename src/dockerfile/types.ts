import type { Finding } from '../engine/finding.js';
import type { Position, SourceRange } from '../source.js';

export interface ArgDeclaration {
  name: string;
  /**
   * The default with quotes and escape characters removed as BuildKit
   * removes them and variable references left as written, or `undefined`
   * when there is none.
   */
  defaultValue: string | undefined;
  /** The default exactly as written, quotes included, which ARG expansion reads. */
  defaultText: string | undefined;
  /** Range of the whole `NAME[=default]` word. */
  range: SourceRange;
  nameRange: SourceRange;
}

/** A place where a Dockerfile names another stage, a named context or an image. */
export interface StageReference {
  /** `FROM x`, `COPY --from=x` (also `ADD --from`) or `RUN --mount=...,from=x`. */
  kind: 'from' | 'copy-from' | 'mount-from';
  /** The name exactly as written, before ARG expansion. */
  text: string;
  /** Range of `text` alone, not of the whole instruction. */
  range: SourceRange;
  /** Index of the stage the reference appears in. */
  stageIndex: number;
  /** True for references inside an `ONBUILD` instruction. */
  onbuild: boolean;
}

export interface Stage {
  index: number;
  /** Lowercased, as BuildKit stores stage names; `undefined` for an unnamed stage. */
  name: string | undefined;
  nameRange: SourceRange | undefined;
  /** The `FROM` reference of this stage. */
  base: StageReference;
  /** The `--platform` value with quotes removed, before ARG expansion. */
  platform: string | undefined;
  platformRange: SourceRange | undefined;
  /** Range of the whole `FROM` instruction. */
  range: SourceRange;
  /** `COPY --from` and `RUN --mount from=` references inside this stage. */
  references: StageReference[];
}

export interface DockerfileModel {
  file: string;
  text: string;
  /** The backslash, or the backtick when an `# escape=` parser directive sets it. */
  escapeCharacter: string;
  /** ARGs declared before the first FROM; only these are visible in FROM lines. */
  globalArgs: ArgDeclaration[];
  stages: Stage[];
  /** Syntax problems and forms the model could not read. */
  findings: Finding[];
}

/** Options of a parse. */
export interface ParseOptions {
  /**
   * Maps an offset of the text to a position in `file`, for a Dockerfile
   * written inside a compose file (`dockerfile_inline`).
   */
  locate?: (offset: number) => Position;
}

/** What a reference resolves to, in BuildKit's lookup order. */
export type ResolvedTarget =
  | { kind: 'scratch' }
  | { kind: 'stage'; stageIndex: number }
  /**
   * Not a stage: BuildKit looks `name` up as a named context first, then
   * pulls it as an image.
   */
  | { kind: 'external'; name: string }
  /**
   * The name could not be expanded or is blank. `missingArgs` lists the
   * unset variables it uses; `reason` describes any other cause.
   */
  | { kind: 'unresolved'; missingArgs: string[]; reason?: string };

export interface ResolvedReference {
  reference: StageReference;
  /** The name after ARG expansion, when it could be expanded. */
  expanded: string | undefined;
  target: ResolvedTarget;
}
