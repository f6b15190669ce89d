import { join } from 'node:path';
import type { Finding } from '../engine/finding.js';
import type { Host } from '../host.js';
import { parseDotEnv } from './dotenv.js';

/** Variables for interpolation and `COMPOSE_*` settings, in a `Map` so that no name can clash with object keys. */
export type Environment = Map<string, string>;

export function readProcessEnvironment(host: Host): Environment {
  const environment: Environment = new Map();
  for (const [name, value] of Object.entries(host.env)) {
    if (value !== undefined) environment.set(name, value);
  }
  return environment;
}

/**
 * Adds the variables of `<directory>/.env` that the environment does not set
 * yet, so the process environment and earlier `.env` files win, as in
 * compose-go `cli/options.go`. Values may refer to the environment and to
 * earlier keys of the file. `COMPOSE_DISABLE_ENV_FILE` in the process
 * environment turns this off; a missing `.env` or a directory of that name
 * is skipped.
 */
export function addDotEnv(environment: Environment, directory: string, host: Host, findings: Finding[]): void {
  if (parseBoolean(host.env.COMPOSE_DISABLE_ENV_FILE)) return;

  const file = join(directory, '.env');
  if (host.kind(file) !== 'file') return;
  const text = host.readText(file);
  if (text === undefined) return;

  const dotEnv = parseDotEnv(file, text, (name) => environment.get(name));
  findings.push(...dotEnv.findings);
  for (const [name, value] of dotEnv.values) {
    if (!environment.has(name)) environment.set(name, value);
  }
}

/**
 * Parses a boolean setting as compose-go `utils.StringToBool` does, with Go's
 * `strconv.ParseBool` after trimming and lowercasing. Anything invalid is false.
 */
export function parseBoolean(value: string | undefined): boolean {
  const normalized = value?.trim().toLowerCase();
  return normalized === '1' || normalized === 't' || normalized === 'true';
}
