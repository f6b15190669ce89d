import { join, resolve } from 'node:path';
import type { Finding } from '../engine/finding.js';
import type { Host } from '../host.js';
import { parseDotEnv } from './dotenv.js';
import { InputError } from './errors.js';
import type { LoadOptions } from './types.js';

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
 * Returns the absolute paths of the env files the command line names:
 * `--env-file` values, else the comma-separated `COMPOSE_ENV_FILES` of the
 * process environment, both relative to the current directory as in
 * Compose's `cmd/compose/compose.go`. Returns `undefined` when neither is
 * set, so that the default `.env` applies. Throws `InputError` for a file
 * that does not exist, as Compose stops with "couldn't find env file".
 */
export function readEnvFileOption(options: LoadOptions, host: Host): string[] | undefined {
  const fromOption = options.envFiles !== undefined && options.envFiles.length > 0;
  const written = fromOption ? options.envFiles! : (host.env.COMPOSE_ENV_FILES ?? '').split(',').filter((file) => file !== '');
  if (written.length === 0) return undefined;

  const source = fromOption ? '--env-file' : 'COMPOSE_ENV_FILES';
  return written.map((file) => {
    const path = resolve(host.cwd, file);
    const kind = host.kind(path);
    if (kind === undefined) throw new InputError(`env file ${path} not found: check the path given with ${source}`, path);
    if (kind !== 'file') throw new InputError(`env file ${path} is not a file: check the path given with ${source}`, path);
    return path;
  });
}

/**
 * Reads env files in order, as compose-go `dotenv.GetEnvFromFile` does: a
 * value may refer to `environment` and to the keys read before it, and a
 * later file's value wins over an earlier file's. The files must exist.
 */
export function readEnvFiles(files: readonly string[], environment: Environment, host: Host, findings: Finding[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const file of files) {
    const text = host.readText(file);
    if (text === undefined) throw new InputError(`failed to read env file ${file}: check that it is readable`, file);

    const dotEnv = parseDotEnv(file, text, (name) => environment.get(name) ?? values.get(name));
    findings.push(...dotEnv.findings);
    for (const [name, value] of dotEnv.values) values.set(name, value);
  }
  return values;
}

/** Adds the values that `environment` does not set yet, so that variables already set win. */
export function addMissing(environment: Environment, values: ReadonlyMap<string, string>): void {
  for (const [name, value] of values) {
    if (!environment.has(name)) environment.set(name, value);
  }
}

/**
 * Adds the variables of the env files the command line names, or else of
 * `<directory>/.env`, that the environment does not set yet. So the process
 * environment and earlier loads win, as in compose-go `cli/options.go`.
 * `COMPOSE_DISABLE_ENV_FILE` in the process environment turns off the
 * default `.env`; a missing `.env` or a directory of that name is skipped.
 */
export function addProjectEnvFiles(
  environment: Environment,
  explicitFiles: readonly string[] | undefined,
  directory: string,
  host: Host,
  findings: Finding[],
): void {
  if (explicitFiles !== undefined) {
    addMissing(environment, readEnvFiles(explicitFiles, environment, host, findings));
    return;
  }
  if (parseBoolean(host.env.COMPOSE_DISABLE_ENV_FILE)) return;

  const file = join(directory, '.env');
  if (host.kind(file) !== 'file') return;
  addMissing(environment, readEnvFiles([file], environment, host, findings));
}

/**
 * Parses a boolean setting as compose-go `utils.StringToBool` does, with Go's
 * `strconv.ParseBool` after trimming and lowercasing. Anything invalid is false.
 */
export function parseBoolean(value: string | undefined): boolean {
  const normalized = value?.trim().toLowerCase();
  return normalized === '1' || normalized === 't' || normalized === 'true';
}
