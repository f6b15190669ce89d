import { basename } from 'node:path';
import type { Finding } from '../engine/finding.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import { InputError } from './errors.js';
import type { Located } from './types.js';

/**
 * Normalizes a project name as compose-go `loader.NormalizeProjectName` does.
 * It lowercases, keeps only `[a-z0-9_-]` and drops leading `_` and `-`, so
 * "My.App" becomes "myapp".
 */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export interface ProjectNameSources {
  /** `-p` / `--project-name`. */
  option: string | undefined;
  /** `COMPOSE_PROJECT_NAME` from the environment or `.env`. */
  environment: string | undefined;
  /** The last non-empty top-level `name` of the compose files, interpolated. */
  declared: Located<string> | undefined;
  projectDirectory: string;
}

/**
 * Picks the project name in Compose's order: `-p`, then
 * `COMPOSE_PROJECT_NAME`, then the top-level `name`, then the project
 * directory's name. The first two must already be normalized, while the others
 * are normalized silently.
 *
 * Throws `InputError` for an invalid `-p` or `COMPOSE_PROJECT_NAME` and when
 * no source gives a non-empty name.
 */
export function resolveProjectName(sources: ProjectNameSources, findings: Finding[]): string {
  if (sources.option) return validateProjectName(sources.option);
  if (sources.environment) return validateProjectName(sources.environment);

  if (sources.declared) {
    const name = normalizeProjectName(sources.declared.value);
    if (name !== '') return name;
    // Compose stops here with "project name must not be empty". The loader
    // reports it and goes on with the directory name.
    const written = JSON.stringify(sources.declared.value);
    const message = `project name ${written} normalizes to an empty name: use lowercase letters, digits, "-" and "_"`;
    findings.push(createFinding(loaderRuleIds.schema, 'error', message, sources.declared.range));
  }

  const directoryName = basename(sources.projectDirectory);
  const name = normalizeProjectName(directoryName);
  if (name === '') {
    const message =
      `project name must not be empty: directory name ${JSON.stringify(directoryName)} normalizes to "", ` +
      'so set a name with -p or a top-level name: in the compose file';
    throw new InputError(message, sources.projectDirectory);
  }
  return name;
}

function validateProjectName(name: string): string {
  if (normalizeProjectName(name) !== name) {
    throw new InputError(
      `invalid project name ${JSON.stringify(name)}: must consist only of lowercase alphanumeric characters, ` +
        'hyphens, and underscores as well as start with a letter or number',
    );
  }
  return name;
}
