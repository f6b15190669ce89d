import type { Rule } from '../src/engine/rule.js';
import { buildCycle } from './build-cycle.js';
import { composeEnvFile } from './compose-env-file.js';
import { config } from './config.js';
import { composeInterpolation } from './compose-interpolation.js';
import { composeSchema } from './compose-schema.js';
import { dockerfileSyntax } from './dockerfile-syntax.js';
import { contextShadowsStage } from './context-shadows-stage.js';
import { copySourceMissing } from './copy-source-missing.js';
import { duplicatedBaseInstructions } from './duplicated-base-instructions.js';
import { dockerfileUnsupported } from './dockerfile-unsupported.js';
import { forwardStageReference } from './forward-stage-reference.js';
import { stageNameCase } from './stage-name-case.js';
import { undeclaredBuildArg } from './undeclared-build-arg.js';
import { unresolvedBaseImage } from './unresolved-base-image.js';
import { missingBuildPath } from './missing-build-path.js';
import { missingBuildTarget } from './missing-build-target.js';
import { undeclaredBuildDependency } from './undeclared-build-dependency.js';
import { unknownContextService } from './unknown-context-service.js';
import { unmatchableContextKey } from './unmatchable-context-key.js';
import { unusedSuppression } from './unused-suppression.js';
import { yamlSyntax } from './yaml-syntax.js';
import { defaultImageName } from './default-image-name.js';
import { imageNameCollision } from './image-name-collision.js';
import { localImageWithoutService } from './local-image-without-service.js';
import { platformMismatch } from './platform-mismatch.js';
import { serviceNameAsImage } from './service-name-as-image.js';
import { undeclaredNamedContext } from './undeclared-named-context.js';
import { unusedAdditionalContext } from './unused-additional-context.js';

/** Every rule, in the order their findings are computed. */
export const rules: readonly Rule[] = [
  yamlSyntax,
  composeSchema,
  composeInterpolation,
  composeEnvFile,
  dockerfileSyntax,
  missingBuildPath,
  missingBuildTarget,
  unknownContextService,
  unmatchableContextKey,
  undeclaredBuildDependency,
  buildCycle,
  // Reported by the engine: the configuration file and suppression comments
  config,
  unusedSuppression,
  // Dockerfile rules
  dockerfileUnsupported,
  unresolvedBaseImage,
  stageNameCase,
  forwardStageReference,
  undeclaredBuildArg,
  contextShadowsStage,
  copySourceMissing,
  duplicatedBaseInstructions,
  // Graph rules
  serviceNameAsImage,
  undeclaredNamedContext,
  defaultImageName,
  localImageWithoutService,
  imageNameCollision,
  platformMismatch,
  unusedAdditionalContext,
];
