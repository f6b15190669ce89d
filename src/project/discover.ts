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
  /** The compose file read from standard input for `-f -`, under the path `<cwd>/-` that names it in findings. */
  stdin: { path: string; text: string } | undefined;
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
    const stdin = options.files.includes('-') ? readStdin(options, host) : undefined;
    const namedFiles = options.files.map((file) =>
      file === '-' ? stdin!.path : checkComposeFile(resolve(host.cwd, file), host, 'check the path given with -f'),
    );
    return { namedFiles, stdin, startDirectory: host.cwd };
  }

  if (options.path === undefined) return { namedFiles: undefined, stdin: undefined, startDirectory: host.cwd };

  const path = resolve(host.cwd, options.path);
  switch (host.kind(path)) {
    case 'file':
      return { namedFiles: [path], stdin: undefined, startDirectory: dirname(path) };
    case 'directory':
      return { namedFiles: undefined, stdin: undefined, startDirectory: path };
    case 'other':
      throw new InputError(`${path} is neither a file nor a directory: pass a compose file or a project directory`, path);
    case undefined:
      throw new InputError(`path ${path} not found: pass an existing compose file or project directory`, path);
  }
}

function readStdin(options: LoadOptions, host: Host): { path: string; text: string } {
  if (options.stdin === undefined) {
    throw new InputError('-f - reads the compose file from standard input, but no standard input was given');
  }
  return { path: join(host.cwd, '-'), text: options.stdin };
}

/**
 * Returns the directory the first files are named from: the directory of
 * the first named file that is not standard input, else the start
 * directory, as compose-go `ProjectOptions.GetWorkingDir` skips `-`.
 */
export function namedFilesDirectory(request: FileRequest): string {
  const file = request.namedFiles?.find((path) => path !== request.stdin?.path);
  return file === undefined ? request.startDirectory : dirname(file);
}

/**
 * Lists the compose files to load, in order. These are the named files, else
 * `COMPOSE_FILE` (split at `COMPOSE_PATH_SEPARATOR`, default `:`), else the
 * first default file and its override in `searchDirectory` or the nearest
 * parent that has one. Throws `InputError` when no file is found.
 *
 * `COMPOSE_FILE` entries resolve against the start directory, which is the
 * current directory unless PATH names another, as if Compose ran there.
 * `searchDirectory` is `--project-directory` when it is given without PATH,
 * because compose-go `WithDefaultConfigPath` searches from the working
 * directory, and the start directory otherwise.
 */
export function findComposeFiles(
  request: FileRequest,
  environment: Environment,
  host: Host,
  searchDirectory: string = request.startDirectory,
): string[] {
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

  for (let directory = searchDirectory; ; directory = dirname(directory)) {
    const composeFile = findFirstFile(directory, composeFileNames, host);
    if (composeFile) {
      const override = findFirstFile(directory, overrideFileNames, host);
      return override ? [composeFile, override] : [composeFile];
    }
    if (dirname(directory) === directory) break;
  }

  throw new InputError(
    `no compose file found in ${searchDirectory} or its parent directories: ` +
      `create ${composeFileNames[0]} or pass a compose file with -f`,
    searchDirectory,
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
