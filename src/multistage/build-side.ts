import { relative, sep } from 'node:path';

import { buildArgValues, type Analysis } from '../engine/analysis.js';
import { ContextSnapshot, findIgnoreFile } from './context-files.js';
import type { BuildSide } from './equivalence.js';
import { targetStage } from './sequence.js';

/**
 * Returns the build of one service as `compareBuilds` reads it, with its context
 * prefix taken relative to `root`. Returns `undefined` for a service without
 * a Dockerfile on disk, a local context or the stage it targets.
 */
export function serviceBuildSide(analysis: Analysis, serviceName: string, root: string): BuildSide | undefined {
  const build = analysis.builds.find((candidate) => candidate.service.name === serviceName);
  const contextRoot = build?.build.contextPath;
  if (build === undefined || build.dockerfile.kind !== 'file' || contextRoot === undefined) return undefined;

  const stage = targetStage(build.dockerfile.model, build.build.target?.value);
  if (stage === undefined) return undefined;

  const ignoreFile = findIgnoreFile(analysis.host, contextRoot, build.dockerfile.path);
  return {
    model: build.dockerfile.model,
    stageIndex: stage.index,
    buildArgs: buildArgValues(build.build, analysis.project),
    additionalContexts: build.build.additionalContexts,
    snapshot: new ContextSnapshot(analysis.host, contextRoot, ignoreFile?.text),
    contextPrefix: relative(root, contextRoot).split(sep).join('/'),
  };
}
