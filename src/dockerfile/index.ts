export { customFrontend, parseDockerfile } from './parse.js';
export { dumpInstructions } from './dump.js';
export { expandKnown, variablesByInstruction, type KnownVariables } from './variables.js';
export { parseHeredocWord } from './heredoc.js';
export { resolveReferences, type ResolveOptions } from './resolve.js';
export type {
  ArgDeclaration,
  DockerfileModel,
  Heredoc,
  Instruction,
  InstructionArgument,
  InstructionFlag,
  KeyValue,
  ParserDirective,
  ParseOptions,
  ResolvedReference,
  ResolvedTarget,
  Stage,
  StageReference,
} from './types.js';
