import { DockerfileParser } from 'dockerfile-ast';

import type { Finding } from '../engine/finding.js';
import type { SourceRange } from '../source.js';
import {
  type Command,
  type LogicalLine,
  type Word,
  isSpace,
  logicalLineEnd,
  readLogicalLine,
  splitCommand,
  splitFlag,
  splitMountFields,
  splitOnWhitespace,
  splitShellWords,
  sliceWord,
} from './instruction-text.js';
import { Locator } from './locator.js';
import { removeQuotes } from './shell-word.js';
import type { ArgDeclaration, DockerfileModel, ParseOptions, Stage, StageReference } from './types.js';

const syntaxRuleId = 'dockerfile-syntax';

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
  const model: DockerfileModel = { file, text, escapeCharacter: '\\', globalArgs: [], stages: [], findings: [] };

  if (text.replace(/^\uFEFF/, '').trim() === '') {
    model.findings.push(syntaxError('Dockerfile is empty', locator.range(0, 0)));
    return model;
  }

  try {
    new ModelReader(model, locator).read();
  } catch (error) {
    // A failure here is a defect in this module or in dockerfile-ast. It is
    // reported on the file so that the other files are still analyzed.
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
    const text = this.#model.text;
    const dockerfile = DockerfileParser.parse(text);
    this.#escape = dockerfile.getEscapeCharacter();
    this.#model.escapeCharacter = this.#escape;

    // dockerfile-ast finds where instructions start and skips comments,
    // parser directives and heredoc bodies. The words of each instruction are
    // read here with BuildKit's rules, because dockerfile-ast keeps quotes in
    // flag values and splits quoted values at spaces.
    const instructions = dockerfile.getInstructions();
    let firstInstruction: Word | undefined;
    instructions.forEach((instruction, index) => {
      const next = instructions[index + 1];
      const limit = next === undefined ? text.length : this.#locator.offsetOf(next.getRange().start);
      const rangeEnd = this.#locator.offsetOf(instruction.getRange().end);

      let start: number | undefined = this.#locator.offsetOf(instruction.getRange().start);
      while (start !== undefined) {
        const line = readLogicalLine(text, start, limit, this.#escape);
        const command = splitCommand(line, 0, this.#escape);
        firstInstruction ??= command.keyword;
        this.#readInstruction(line, command);

        // dockerfile-ast continues a line after an escaped escape character
        // (`echo \\`), where BuildKit starts a new instruction. Lines left in
        // its range are read as instructions of their own, unless they are
        // heredoc bodies.
        if (line.text.includes('<<')) break;
        start = nextInstructionStart(text, logicalLineEnd(line, start), rangeEnd);
      }
    });

    if (this.#model.stages.length === 0) {
      const range = firstInstruction === undefined ? this.#locator.range(0, 0) : this.#rangeOf(firstInstruction);
      this.#report('Dockerfile has no FROM instruction', range);
    }
  }

  #readInstruction(line: LogicalLine, command: Command): void {
    const keyword = command.keyword.value.toUpperCase();
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
        this.#model.globalArgs.push(...this.#readArgDeclarations(line, command));
      } else {
        const range = this.#locator.range(command.keyword.start, command.end);
        this.#report(`${keyword} before the first FROM: only ARG may come before FROM`, range);
      }
      return;
    }

    switch (keyword) {
      case 'ARG':
        // Stage ARGs are checked but not stored: FROM lines cannot see them.
        this.#readArgDeclarations(line, command);
        break;
      case 'COPY':
      case 'ADD':
        this.#readCopyFrom(command, keyword, stage, false);
        break;
      case 'RUN':
        this.#readMountFrom(command, stage, false);
        break;
      case 'ONBUILD':
        this.#readOnbuild(line, command, stage);
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
  #readOnbuild(line: LogicalLine, command: Command, stage: Stage): void {
    const trigger = splitCommand(line, command.argumentsStart, this.#escape);
    const keyword = trigger.keyword.value.toUpperCase();

    if (keyword === '') {
      this.#report('ONBUILD has no instruction: write ONBUILD <instruction>', this.#rangeOf(command.keyword));
    } else if (keyword === 'ONBUILD' || keyword === 'FROM' || keyword === 'MAINTAINER') {
      this.#report(`${keyword} cannot be an ONBUILD trigger`, this.#rangeOf(trigger.keyword));
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      this.#readCopyFrom(trigger, keyword, stage, true);
    } else if (keyword === 'RUN') {
      this.#readMountFrom(trigger, stage, true);
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
 * Returns the offset of the first instruction character on the lines after
 * `from` and before `until`, skipping blank and comment lines.
 */
function nextInstructionStart(text: string, from: number, until: number): number | undefined {
  let newline = text.indexOf('\n', from);
  while (newline !== -1 && newline + 1 < until) {
    let position = newline + 1;
    while (position < until && text[position] !== '\n' && isSpace(text[position]!)) position++;
    if (position < until && text[position] !== '\n' && text[position] !== '#') return position;
    newline = text.indexOf('\n', position);
  }
  return undefined;
}
