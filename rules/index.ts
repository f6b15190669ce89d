import type { Rule } from '../src/engine/rule.js';
import { buildCycle } from './build-cycle.js';
import { composeEnvFile } from './compose-env-file.js';
import { composeInterpolation } from './compose-interpolation.js';
import { composeSchema } from './compose-schema.js';
import { dockerfileSyntax } from './dockerfile-syntax.js';
import { missingBuildPath } from './missing-build-path.js';
import { missingBuildTarget } from './missing-build-target.js';
import { undeclaredBuildDependency } from './undeclared-build-dependency.js';
import { unknownContextService } from './unknown-context-service.js';
import { unmatchableContextKey } from './unmatchable-context-key.js';
import { yamlSyntax } from './yaml-syntax.js';

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
  // Dockerfile rules
  // Graph rules
];
