import { parseHeredocWord } from './heredoc.js';
import type { Instruction, InstructionArgument } from './types.js';

/** URLs and git addresses, which `ADD` downloads instead of reading the context. */
const remoteSource = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

/** Returns the sources of a `COPY` or `ADD` that read the build context: none for `--from`, heredocs and URLs. */
export function contextSources(instruction: Instruction): InstructionArgument[] {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return [];
  if (instruction.flags.some((flag) => flag.name === 'from' && flag.value !== '')) return [];

  return instruction.arguments.slice(0, -1).filter((source) => {
    if (remoteSource.test(source.value)) return false;
    try {
      return parseHeredocWord(source.value) === undefined;
    } catch {
      return true;
    }
  });
}
