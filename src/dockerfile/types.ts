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
  /** The instructions of this stage in file order, starting with its `FROM`. */
  instructions: Instruction[];
}

/** A `# syntax`, `# escape` or `# check` line at the top of the file. */
export interface ParserDirective {
  /** Lowercased, as BuildKit matches directive names. */
  name: 'syntax' | 'escape' | 'check';
  /** The value with surrounding white space removed. */
  value: string;
  /** Range of the whole line from `#`. */
  range: SourceRange;
  valueRange: SourceRange;
}

/** A `--name[=value]` flag of an instruction. */
export interface InstructionFlag {
  /** The name without the leading `--`, as written. */
  name: string;
  /**
   * The value with quotes and escape characters removed as BuildKit removes
   * them from flags, or `undefined` for a flag without `=`.
   */
  value: string | undefined;
  /** Range of the whole flag, quotes included. */
  range: SourceRange;
  nameRange: SourceRange;
  /** Range from the first to the last character of the value, quotes excluded. */
  valueRange: SourceRange | undefined;
}

/** One argument of an instruction, as BuildKit's parser hands it on. */
export interface InstructionArgument {
  value: string;
  /**
   * The written argument: the word, the string literal with its quotes for
   * exec form, or the whole text for shell form. An argument that spans
   * continuation lines covers the lines in between.
   */
  range: SourceRange;
}

/** A heredoc (`<<EOF` ... `EOF`) of a `RUN`, `COPY` or `ADD` instruction. */
export interface Heredoc {
  /** The delimiter with quotes removed. */
  name: string;
  /** The lines between the instruction and the delimiter, with their line endings; leading tabs are kept for `<<-`. */
  body: string;
  /** False when any part of the delimiter is quoted, so variables in the body are not expanded. */
  expand: boolean;
  /** True for `<<-`, which removes leading tabs from the body and the delimiter line. */
  chomp: boolean;
  /** The file descriptor written before `<<`, or 0. */
  fileDescriptor: number;
  /** Range of the `<<NAME` word in the instruction. */
  range: SourceRange;
  /** Range of the body, from the line after the instruction to the end of the last body line. */
  bodyRange: SourceRange;
}

/** A `KEY=value` pair of `ENV` or `LABEL`, or the `KEY value` of the old form. */
export interface KeyValue {
  key: string;
  /** The value as written, quotes included; expansion removes them. */
  value: string;
  keyRange: SourceRange;
  valueRange: SourceRange;
}

/** One instruction, read with the rules of BuildKit's Dockerfile parser. */
export interface Instruction {
  /** The keyword in uppercase: `RUN`, `COPY`, or an unknown word as written. */
  keyword: string;
  keywordRange: SourceRange;
  flags: InstructionFlag[];
  /**
   * The arguments as BuildKit's parser hands them on. An exec form gives the
   * strings of its array (`JSON.parse` of the written text). `FROM`, `COPY`,
   * `ADD`, `VOLUME` and `EXPOSE` give their words, and `ARG` its words with
   * their quotes. The shell form of `RUN`, `CMD`, `ENTRYPOINT` and `SHELL` is
   * one string. `ENV` and `LABEL` give key, value and separator (`=` or
   * empty) for each pair, and `HEALTHCHECK` its type, then its command.
   * Heredoc bodies are never arguments, but a `<<EOF` word is.
   */
  arguments: InstructionArgument[];
  /** True when the arguments were written as a JSON array (exec form). */
  json: boolean;
  heredocs: Heredoc[];
  /** `ARG` only: the declared names. */
  declarations?: ArgDeclaration[];
  /** `ENV` and `LABEL` only: the pairs. */
  properties?: KeyValue[];
  /** `ONBUILD` only: the instruction it registers. */
  trigger?: Instruction;
  /**
   * The instruction as one line for comparing instructions across files: the
   * keyword in uppercase (the trigger's too), continuation lines joined,
   * comment lines dropped and each run of white space outside quotes made one
   * space. Each heredoc follows on a new line as its body and delimiter.
   */
  normalizedText: string;
  /** The index of the stage the instruction belongs to, or `undefined` before the first FROM. */
  stageIndex: number | undefined;
  /** From the keyword to the last character of the instruction, or of its last heredoc delimiter. */
  range: SourceRange;
}

export interface DockerfileModel {
  file: string;
  text: string;
  /** The backslash, or the backtick when an `# escape=` parser directive sets it. */
  escapeCharacter: string;
  /** ARGs declared before the first FROM; only these are visible in FROM lines. */
  globalArgs: ArgDeclaration[];
  stages: Stage[];
  /** Parser directives, in file order. */
  directives: ParserDirective[];
  /** Every instruction in file order, the global ARGs before the first FROM included. */
  instructions: Instruction[];
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
