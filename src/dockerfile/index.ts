export { parseDockerfile } from './parse.js';
export { resolveReferences, type ResolveOptions } from './resolve.js';
export type {
  ArgDeclaration,
  DockerfileModel,
  ParseOptions,
  ResolvedReference,
  ResolvedTarget,
  Stage,
  StageReference,
} from './types.js';
