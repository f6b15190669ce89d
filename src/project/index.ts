export { loadProject } from './load.js';
export { InputError } from './errors.js';
export { loaderRuleIds, type LoaderRuleId } from './diagnostics.js';
export { composeFileNames, overrideFileNames } from './discover.js';
export { normalizeProjectName } from './name.js';
export { isRemoteContext } from './paths.js';
export { isServiceEnabled, readActiveProfiles } from './profiles.js';
export * from './types.js';
