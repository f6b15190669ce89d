export { alternativePlan, type AlternativePlan, type PlanSnippet } from './alternative.js';
export { alternativePlanAt, findDuplication, reportSites, type Duplication, type DuplicationGroup } from './detect.js';
export { serviceBuildSide } from './build-side.js';
export { compareBuilds, type BuildSide } from './equivalence.js';
export { groupByPrefix, type PrefixGroup, type PrefixKeys } from './groups.js';
export type { RewriteOutcome } from './rewrite.js';
export type { ServiceSequence } from './sequence.js';
