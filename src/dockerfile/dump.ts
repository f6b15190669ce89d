import type { DockerfileModel, Instruction } from './types.js';

/**
 * Prints the instructions in the form of BuildKit's `Node.Dump()`, one
 * instruction a line: `(copy ["--from=build"] "/a" "/b")`. BuildKit's parser
 * tests compare against this form, so a model can be checked against their
 * expected results. Heredoc bodies are not part of the form.
 */
export function dumpInstructions(model: DockerfileModel): string {
  return model.instructions.map((instruction) => `(${dumpInstruction(instruction)})`).join('\n');
}

function dumpInstruction(instruction: Instruction): string {
  let text = instruction.keyword.toLowerCase();
  if (instruction.flags.length > 0) {
    const flags = instruction.flags.map((flag) => quote(flag.value === undefined ? `--${flag.name}` : `--${flag.name}=${flag.value}`));
    text += ` [${flags.join(' ')}]`;
  }

  if (instruction.keyword === 'ONBUILD') {
    if (instruction.trigger !== undefined) text += ` (${dumpInstruction(instruction.trigger)})`;
  } else if (!knownKeywords.has(instruction.keyword)) {
    // BuildKit's parser keeps an unknown instruction with one empty argument.
    text += ' ""';
  } else {
    for (const argument of instruction.arguments) text += ` ${quote(argument.value)}`;
  }
  return text;
}

const knownKeywords = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK',
  'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

const shortEscapes: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/**
 * Quotes a string as Go's `strconv.Quote` does: printable characters stay,
 * others become `\n`-style, `\xNN`, `\uNNNN` or `\UNNNNNNNN` escapes.
 */
function quote(value: string): string {
  let result = '"';
  for (const character of value) {
    const short = shortEscapes[character];
    const code = character.codePointAt(0)!;
    if (short !== undefined) {
      result += short;
    } else if (character === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(character)) {
      result += character;
    } else if (code < 0x80) {
      result += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if (code < 0x10000) {
      result += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      result += `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return `${result}"`;
}
