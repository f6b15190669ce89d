import type { Finding } from '../engine/finding.js';
import type { SourceRange } from '../source.js';
import { collapseWhitespace, isJsonForm, readArguments } from './arguments.js';
import {
  type Command,
  type LogicalLine,
  type Word,
  sliceWord,
  splitCommand,
  splitFlag,
  splitMountFields,
  splitOnWhitespace,
  splitShellWords,
} from './instruction-text.js';
import { Locator } from './locator.js';
import { scanDockerfile, type ScannedHeredoc, type ScannedInstruction } from './scan.js';
import { removeQuotes } from './shell-word.js';
import type {
  ArgDeclaration,
  DockerfileModel,
  Heredoc,
  Instruction,
  InstructionFlag,
  KeyValue,
  ParserDirective,
  ParseOptions,
  Stage,
  StageReference,
} from './types.js';

const syntaxRuleId = 'dockerfile-syntax';
const unsupportedRuleId = 'dockerfile-unsupported';

/** Docker's Dockerfile frontend images, which read Dockerfiles with the rules modelled here. */
const dockerfileFrontends = new Set(['docker/dockerfile', 'docker/dockerfile-upstream']);

/** Instruction keywords that BuildKit's parser dispatches; any other keyword is an error. */
const instructionKeywords = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK',
  'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** BuildKit's rule for a lowercased `AS` name (`parseBuildStageName`). */
const stageNamePattern = /^[a-z][a-z0-9._-]*$/;

/**
 * Parses a Dockerfile into stages, references and global ARGs. Syntax errors
 * that BuildKit would reject become findings with rule id
 * `dockerfile-syntax`, and parsing goes on past them. Throws only what
 * `options.locate` throws.
 *
 * Ranges point into `file`. With `options.locate` (a Dockerfile written
 * inline in a compose file) every position comes from `locate`, and `file`
 * must be the compose file.
 */
export function parseDockerfile(text: string, file: string, options: ParseOptions = {}): DockerfileModel {
  const locator = new Locator(text, file, options.locate);
  const model: DockerfileModel = {
    file,
    text,
    escapeCharacter: '\\',
    globalArgs: [],
    stages: [],
    directives: [],
    instructions: [],
    findings: [],
  };

  if (text.replace(/^\uFEFF/, '').trim() === '') {
    model.findings.push(syntaxError('Dockerfile is empty', locator.range(0, 0)));
    return model;
  }

  try {
    new ModelReader(model, locator).read();
  } catch (error) {
    // A failure here is a defect in this module. It is reported on the file
    // so that the other files are still analyzed.
    const reason = error instanceof Error ? error.message : String(error);
    model.findings.push(syntaxError(`Dockerfile could not be parsed: ${reason}`, locator.range(0, 0)));
  }
  return model;
}

class ModelReader {
  readonly #model: DockerfileModel;
  readonly #locator: Locator;
  #escape = '\\';

  constructor(model: DockerfileModel, locator: Locator) {
    this.#model = model;
    this.#locator = locator;
  }

  read(): void {
    const scan = scanDockerfile(this.#model.text, containsHeredocs);
    this.#escape = scan.escape;
    this.#model.escapeCharacter = scan.escape;
    this.#model.directives = scan.directives.map((directive) => ({
      name: directive.name,
      value: directive.value,
      range: this.#locator.range(directive.start, directive.end),
      valueRange: this.#locator.range(directive.valueStart, directive.valueEnd),
    }));
    for (const error of scan.errors) this.#report(error.message, this.#locator.range(error.start, error.end));

    for (const scanned of scan.instructions) this.#readScanned(scanned);

    if (this.#model.stages.length === 0) {
      const first = this.#model.instructions[0];
      this.#report('Dockerfile has no FROM instruction', first?.keywordRange ?? this.#locator.range(0, 0));
    }
    this.#checkFrontend();
  }

  /**
   * A `# syntax` directive naming another frontend image hands the file to
   * that image, which may accept a different syntax. The file is still read
   * with the Dockerfile rules, but its syntax findings are dropped.
   */
  #checkFrontend(): void {
    const frontend = customFrontend(this.#model);
    if (frontend === undefined) return;

    this.#model.findings = this.#model.findings.filter((finding) => finding.ruleId !== syntaxRuleId);
    this.#model.findings.push({
      ruleId: unsupportedRuleId,
      severity: 'warning',
      message:
        `Dockerfile frontend "${frontend.image}" not understood, skipped: BuildKit hands this file to that image, which may read ` +
        `a syntax other than Docker's Dockerfile frontend, so compose-lint reports no syntax errors for it and reads ` +
        `its stages with the Dockerfile rules.`,
      range: frontend.directive.valueRange,
    });
  }

  #readScanned(scanned: ScannedInstruction): void {
    const written = splitCommand(scanned.line, 0, this.#escape);
    const command = withoutUnsupportedFlags(written).command;
    const stageIndex = command.keyword.value.toUpperCase() === 'FROM' ? this.#model.stages.length : this.#model.stages.length - 1;
    const instruction = this.#buildInstruction(scanned, written, stageIndex < 0 ? undefined : stageIndex);

    this.#model.instructions.push(instruction);
    this.#readInstruction(scanned.line, command, instruction);
    this.#model.stages[this.#model.stages.length - 1]?.instructions.push(instruction);
  }

  /**
   * Builds the model of one instruction, or of an ONBUILD trigger when
   * `command` was split from ONBUILD's arguments. Heredocs belong to the
   * ONBUILD instruction and to its trigger alike.
   */
  #buildInstruction(scanned: ScannedInstruction, written: Command, stageIndex: number | undefined): Instruction {
    const line = scanned.line;
    const { command, unsupported } = withoutUnsupportedFlags(written);
    for (const flag of unsupported) {
      this.#model.findings.push({
        ruleId: unsupportedRuleId,
        severity: 'warning',
        message:
          `Flag "${flag.value}" not understood, skipped: BuildKit reads flags byte by byte and turns each byte of a ` +
          `non-ASCII character into a character of its own, so the value it uses differs from the one written. ` +
          `Write the flag with ASCII characters only.`,
        range: this.#rangeOf(flag),
      });
    }

    const keyword = command.keyword.value.toUpperCase();
    const end = scanned.heredocEnd ?? command.end;
    const heredocs = scanned.heredocs.map((heredoc) => this.#heredoc(line, heredoc));

    const instruction: Instruction = {
      keyword,
      keywordRange: this.#rangeOf(command.keyword),
      flags: command.flags.map((word) => this.#flag(word)),
      arguments: [],
      json: false,
      heredocs,
      normalizedText: '',
      stageIndex,
      range: this.#locator.range(command.keyword.start, end),
    };

    if (keyword === 'ONBUILD') {
      const trigger = splitCommand(line, command.argumentsStart, this.#escape);
      if (trigger.keyword.value !== '') instruction.trigger = this.#buildInstruction(scanned, trigger, stageIndex);
    } else {
      this.#readArguments(instruction, line, command);
    }

    instruction.normalizedText = this.#normalizedLine(line, command);
    for (const heredoc of heredocs) instruction.normalizedText += `\n${heredoc.body.replace(/\r\n/g, '\n')}${heredoc.name}`;
    return instruction;
  }

  /** Returns the logical line from the keyword on, with keywords in uppercase and white space collapsed. */
  #normalizedLine(line: LogicalLine, command: Command): string {
    const keyword = command.keyword.value.toUpperCase();
    const flags = collapseWhitespace(line.text.slice(command.flagsStart, command.argumentsStart), this.#escape);

    let rest = collapseWhitespace(line.text.slice(command.argumentsStart, command.argumentsEnd), this.#escape);
    if (keyword === 'ONBUILD') {
      const trigger = splitCommand(line, command.argumentsStart, this.#escape);
      rest = trigger.keyword.value === '' ? '' : this.#normalizedLine(line, trigger);
    }
    return [keyword, flags, rest].filter((part) => part !== '').join(' ');
  }

  #readArguments(instruction: Instruction, line: LogicalLine, command: Command): void {
    const reading = readArguments(instruction.keyword, line, command.argumentsStart, command.argumentsEnd, this.#escape);
    if ('error' in reading) {
      const start = line.offsets[command.argumentsStart] ?? command.end;
      this.#report(`Invalid ${instruction.keyword} arguments: ${reading.error}`, this.#locator.range(start, command.end));
      return;
    }

    instruction.json = reading.json;
    instruction.arguments = reading.arguments.map((word) => ({ value: word.value, range: this.#rangeOf(word) }));
    if (reading.pairs !== undefined) {
      instruction.properties = reading.pairs.map(
        (pair): KeyValue => ({
          key: pair.key.value,
          value: pair.value.value,
          keyRange: this.#rangeOf(pair.key),
          valueRange: this.#rangeOf(pair.value),
        }),
      );
    }
  }

  #flag(word: Word): InstructionFlag {
    const flag = splitFlag(word);
    return {
      name: flag.name,
      value: flag.value?.value,
      range: this.#rangeOf(word),
      nameRange: this.#rangeOf(sliceWord(word, 2, 2 + flag.name.length)),
      valueRange: flag.value === undefined ? undefined : this.#rangeOf(flag.value),
    };
  }

  #heredoc(line: LogicalLine, heredoc: ScannedHeredoc): Heredoc {
    return {
      name: heredoc.name,
      body: heredoc.body,
      expand: heredoc.expand,
      chomp: heredoc.chomp,
      fileDescriptor: heredoc.fileDescriptor,
      range: this.#locator.range(line.offsets[heredoc.start]!, line.offsets[heredoc.end - 1]! + 1),
      bodyRange: this.#locator.range(heredoc.bodyStart, heredoc.bodyEnd),
    };
  }

  /** Reads what the model keeps beyond the instruction itself: stages, references and ARG declarations. */
  #readInstruction(line: LogicalLine, command: Command, instruction: Instruction): void {
    const keyword = instruction.keyword;
    if (!instructionKeywords.has(keyword)) {
      this.#report(`Unknown instruction "${command.keyword.value}"`, this.#rangeOf(command.keyword));
      return;
    }
    if (keyword === 'FROM') {
      this.#readFrom(line, command);
      return;
    }

    const stage = this.#model.stages[this.#model.stages.length - 1];
    if (stage === undefined) {
      if (keyword === 'ARG') {
        instruction.declarations = this.#readArgDeclarations(line, command);
        this.#model.globalArgs.push(...instruction.declarations);
      } else {
        const range = this.#locator.range(command.keyword.start, command.end);
        this.#report(`${keyword} before the first FROM: only ARG may come before FROM`, range);
      }
      return;
    }

    switch (keyword) {
      case 'ARG':
        instruction.declarations = this.#readArgDeclarations(line, command);
        break;
      case 'COPY':
      case 'ADD':
        this.#readCopyFrom(command, keyword, stage, false);
        break;
      case 'RUN':
        this.#readMountFrom(command, stage, false);
        break;
      case 'ONBUILD':
        this.#readOnbuild(line, command, stage, instruction.trigger);
        break;
    }
  }

  /** Reads `FROM [--platform=p] image [AS name]`. */
  #readFrom(line: LogicalLine, command: Command): void {
    const index = this.#model.stages.length;
    const words = splitOnWhitespace(line, command.argumentsStart, command.argumentsEnd);
    const image = words[0];
    const name = words.length === 3 && words[1]!.value.toLowerCase() === 'as' ? words[2] : undefined;

    const platform = command.flags
      .map(splitFlag)
      .filter((flag) => flag.name === 'platform' && flag.value !== undefined)
      .pop()?.value;

    if (image === undefined) {
      this.#report('FROM has no image: write FROM <image> or FROM <image> AS <name>', this.#rangeOf(command.keyword));
    } else if (words.length !== 1 && name === undefined) {
      const extra = this.#locator.range(words[1]!.start, words[words.length - 1]!.end);
      this.#report('Invalid FROM arguments: write FROM <image> or FROM <image> AS <name>', extra);
    }

    let stageName: string | undefined;
    let nameRange: SourceRange | undefined;
    if (name !== undefined) {
      stageName = name.value.toLowerCase();
      nameRange = this.#rangeOf(name);
      if (!stageNamePattern.test(stageName)) {
        this.#report(
          `Invalid stage name "${name.value}": a stage name must start with a letter and contain only letters, digits, "-", "_" and "."`,
          nameRange,
        );
      }
    }

    // A FROM without an image still makes a stage, so that stage indexes stay
    // those of the file. Its base has empty text and resolves as blank.
    const imageStart = image?.start ?? command.keyword.end;
    const base: StageReference = {
      kind: 'from',
      text: image?.value ?? '',
      range: this.#locator.range(imageStart, image?.end ?? imageStart),
      stageIndex: index,
      onbuild: false,
    };
    const stage: Stage = {
      index,
      name: stageName,
      nameRange,
      base,
      platform: platform?.value,
      platformRange: platform === undefined ? undefined : this.#rangeOf(platform),
      range: this.#locator.range(command.keyword.start, command.end),
      references: [],
      instructions: [],
    };
    this.#model.stages.push(stage);
  }

  /** Reads `--from=X` of COPY and ADD. */
  #readCopyFrom(command: Command, keyword: string, stage: Stage, onbuild: boolean): void {
    for (const flag of command.flags.map(splitFlag)) {
      if (flag.name !== 'from') continue;
      if (keyword === 'ADD') {
        // BuildKit rejects --from on ADD as an unknown flag. The reference is
        // still recorded so that the build graph shows what was meant.
        this.#report('ADD does not support --from: use COPY --from', this.#rangeOf(flag.word));
      }
      // An empty `--from=` is no --from at all for BuildKit: the files come from the build context.
      if (flag.value !== undefined && flag.value.value !== '') this.#addReference(stage, 'copy-from', flag.value, onbuild);
    }
  }

  /** Reads the `from=X` fields of every `--mount` flag of RUN. */
  #readMountFrom(command: Command, stage: Stage, onbuild: boolean): void {
    for (const flag of command.flags.map(splitFlag)) {
      if (flag.name !== 'mount' || flag.value === undefined) continue;

      const split = splitMountFields(flag.value);
      if ('error' in split) {
        this.#report(`Invalid --mount value: ${split.error}`, this.#rangeOf(flag.value));
        continue;
      }
      for (const field of split.fields) {
        const equals = field.value.indexOf('=');
        if (equals === -1 || field.value.slice(0, equals).toLowerCase() !== 'from') continue;
        this.#addReference(stage, 'mount-from', sliceWord(field, equals + 1, field.value.length), onbuild);
      }
    }
  }

  /** Reads the trigger of `ONBUILD <instruction>`, which runs in builds that use this image as a base. */
  #readOnbuild(line: LogicalLine, command: Command, stage: Stage, triggerInstruction: Instruction | undefined): void {
    const trigger = withoutUnsupportedFlags(splitCommand(line, command.argumentsStart, this.#escape)).command;
    const keyword = trigger.keyword.value.toUpperCase();

    if (keyword === '') {
      this.#report('ONBUILD has no instruction: write ONBUILD <instruction>', this.#rangeOf(command.keyword));
    } else if (keyword === 'ONBUILD' || keyword === 'FROM' || keyword === 'MAINTAINER') {
      this.#report(`${keyword} cannot be an ONBUILD trigger`, this.#rangeOf(trigger.keyword));
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      this.#readCopyFrom(trigger, keyword, stage, true);
    } else if (keyword === 'RUN') {
      this.#readMountFrom(trigger, stage, true);
    } else if (keyword === 'ARG' && triggerInstruction !== undefined) {
      triggerInstruction.declarations = this.#readArgDeclarations(line, trigger);
    }
  }

  /** Reads `ARG NAME[=default] ...`, where one instruction may declare several names. */
  #readArgDeclarations(line: LogicalLine, command: Command): ArgDeclaration[] {
    const words = splitShellWords(line, command.argumentsStart, command.argumentsEnd, this.#escape);
    if (words.length === 0) {
      this.#report('ARG has no name: write ARG <name> or ARG <name>=<default>', this.#rangeOf(command.keyword));
      return [];
    }

    const declarations: ArgDeclaration[] = [];
    for (const word of words) {
      const equals = word.value.indexOf('=');
      const nameEnd = equals === -1 ? word.value.length : equals;
      if (nameEnd === 0) {
        this.#report(`ARG has an empty name in "${word.value}": write ARG <name>=<default>`, this.#rangeOf(word));
        continue;
      }

      const defaultText = equals === -1 ? undefined : word.value.slice(equals + 1);
      declarations.push({
        name: word.value.slice(0, nameEnd),
        defaultValue: defaultText === undefined ? undefined : removeQuotes(defaultText, this.#escape),
        defaultText,
        range: this.#rangeOf(word),
        nameRange: this.#rangeOf(sliceWord(word, 0, nameEnd)),
      });
    }
    return declarations;
  }

  #addReference(stage: Stage, kind: StageReference['kind'], value: Word, onbuild: boolean): void {
    stage.references.push({ kind, text: value.value, range: this.#rangeOf(value), stageIndex: stage.index, onbuild });
  }

  #rangeOf(word: Word): SourceRange {
    return this.#locator.range(word.start, word.end);
  }

  #report(message: string, range: SourceRange): void {
    this.#model.findings.push(syntaxError(message, range));
  }
}

function syntaxError(message: string, range: SourceRange): Finding {
  return { ruleId: syntaxRuleId, severity: 'error', message, range };
}

/**
 * Returns the frontend image a `# syntax` directive names when it is not
 * Docker's Dockerfile frontend (`docker/dockerfile` or
 * `docker/dockerfile-upstream`, with any tag or digest), or `undefined`.
 */
export function customFrontend(model: DockerfileModel): { image: string; directive: ParserDirective } | undefined {
  const directive = model.directives.find((each) => each.name === 'syntax');
  if (directive === undefined) return undefined;

  // BuildKit passes anything after a space to the frontend as arguments.
  const image = directive.value.split(' ')[0]!;
  const repository = image
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '')
    .replace(/^(docker\.io|index\.docker\.io)\//, '');
  return dockerfileFrontends.has(repository) ? undefined : { image, directive };
}

/** Returns whether BuildKit reads heredocs for the instruction: RUN, COPY and ADD in shell form, also as ONBUILD triggers. */
function containsHeredocs(line: LogicalLine, escape: string): boolean {
  let command = splitCommand(line, 0, escape);
  if (command.keyword.value.toUpperCase() === 'ONBUILD') command = splitCommand(line, command.argumentsStart, escape);

  const keyword = command.keyword.value.toUpperCase();
  if (keyword !== 'RUN' && keyword !== 'COPY' && keyword !== 'ADD') return false;
  return !isJsonForm(line, command.argumentsStart, command.argumentsEnd);
}

/**
 * Removes the flags that contain non-ASCII characters. BuildKit's
 * `extractBuilderFlags` reads the line byte by byte, so such a flag reaches
 * the build with every UTF-8 byte turned into a character of its own, and a
 * byte 0x85 or 0xA0 even splits it.
 */
function withoutUnsupportedFlags(command: Command): { command: Command; unsupported: Word[] } {
  const unsupported = command.flags.filter((flag) => /[^\u0000-\u007f]/.test(flag.value));
  if (unsupported.length === 0) return { command, unsupported };
  return { command: { ...command, flags: command.flags.filter((flag) => !unsupported.includes(flag)) }, unsupported };
}
