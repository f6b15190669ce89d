import { dirname, join, resolve } from 'node:path';
import type { Host } from '../host.js';
import type { Environment } from './env.js';
import { InputError } from './errors.js';
import type { LoadOptions } from './types.js';

/** Default compose file names, in Compose's order of preference (compose-go `cli/options.go`). */
export const composeFileNames = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** Default override file names, looked up beside the compose file that was found. */
export const overrideFileNames = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/** The compose files a load starts from, as the command line names them. */
export interface FileRequest {
  /** Absolute paths of `-f` files, or of a compose file given as PATH; `undefined` when none is named. */
  namedFiles: string[] | undefined;
  /**
   * Directory that `COMPOSE_FILE` and the search for default files start
   * from: PATH when it is a directory, else the current directory.
   */
  startDirectory: string;
}

/**
 * Reads which files the options name. Throws `InputError` for a `-f` file or
 * PATH that does not exist or is not of the expected kind.
 */
export function readFileRequest(options: LoadOptions, host: Host): FileRequest {
  if (options.files && options.files.length > 0) {
    // NOTE: `-f -` is read as a file named `-`. A front end that reads stdin
    // lays the text over a path through the host instead.
    const namedFiles = options.files.map((file) => checkComposeFile(resolve(host.cwd, file), host, 'check the path given with -f'));
    return { namedFiles, startDirectory: host.cwd };
  }

  if (options.path === undefined) return { namedFiles: undefined, startDirectory: host.cwd };

  const path = resolve(host.cwd, options.path);
  switch (host.kind(path)) {
    case 'file':
      return { namedFiles: [path], startDirectory: dirname(path) };
    case 'directory':
      return { namedFiles: undefined, startDirectory: path };
    case 'other':
      throw new InputError(`${path} is neither a file nor a directory: pass a compose file or a project directory`, path);
    case undefined:
      throw new InputError(`path ${path} not found: pass an existing compose file or project directory`, path);
  }
}

/**
 * Lists the compose files to load, in order. These are the named files, else
 * `COMPOSE_FILE` (split at `COMPOSE_PATH_SEPARATOR`, default `:`), else the
 * first default file and its override in the start directory or the nearest
 * parent that has one. Throws `InputError` when no file is found.
 *
 * `COMPOSE_FILE` entries resolve against the start directory, which is the
 * current directory unless PATH names another, as if Compose ran there.
 */
export function findComposeFiles(request: FileRequest, environment: Environment, host: Host): string[] {
  if (request.namedFiles) return request.namedFiles;

  const composeFile = environment.get('COMPOSE_FILE');
  if (composeFile) {
    const separator = environment.get('COMPOSE_PATH_SEPARATOR') || ':';
    const advice = 'fix COMPOSE_FILE or pass files with -f';
    const files = composeFile
      .split(separator)
      .filter((file) => file !== '')
      .map((file) => checkComposeFile(resolve(request.startDirectory, file), host, advice));
    if (files.length === 0) throw new InputError(`COMPOSE_FILE ${JSON.stringify(composeFile)} names no file: ${advice}`);
    return files;
  }

  for (let directory = request.startDirectory; ; directory = dirname(directory)) {
    const composeFile = findFirstFile(directory, composeFileNames, host);
    if (composeFile) {
      const override = findFirstFile(directory, overrideFileNames, host);
      return override ? [composeFile, override] : [composeFile];
    }
    if (dirname(directory) === directory) break;
  }

  throw new InputError(
    `no compose file found in ${request.startDirectory} or its parent directories: ` +
      `create ${composeFileNames[0]} or pass a compose file with -f`,
    request.startDirectory,
  );
}

function findFirstFile(directory: string, names: readonly string[], host: Host): string | undefined {
  return names.map((name) => join(directory, name)).find((path) => host.kind(path) === 'file');
}

function checkComposeFile(path: string, host: Host, advice: string): string {
  switch (host.kind(path)) {
    case 'file':
      return path;
    case 'directory':
      throw new InputError(`${path} is a directory, not a compose file: pass the directory as PATH or a file in it with -f`, path);
    case 'other':
      throw new InputError(`${path} is not a regular file: ${advice}`, path);
    case undefined:
      throw new InputError(`compose file ${path} not found: ${advice}`, path);
  }
}
