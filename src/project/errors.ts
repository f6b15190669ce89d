/**
 * Input that cannot be loaded at all: a compose file or PATH that does not
 * exist or is not a regular file, no compose file found, or an invalid
 * project name. The CLI maps it to exit code 2. Problems inside readable
 * files are findings instead.
 */
export class InputError extends Error {
  /** Absolute path of the file or directory the error is about, when there is one. */
  readonly file: string | undefined;

  constructor(message: string, file?: string) {
    super(message);
    this.name = 'InputError';
    this.file = file;
  }
}
