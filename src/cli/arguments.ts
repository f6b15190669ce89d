import { parseArgs } from 'node:util';

/** A command line that cannot be run, reported with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const formats = ['stylish', 'json'] as const;
export type Format = (typeof formats)[number];

export interface LintArguments {
  command: 'lint';
  path: string | undefined;
  files: string[];
  projectDirectory: string | undefined;
  projectName: string | undefined;
  format: Format;
  color: boolean | undefined;
  debug: boolean;
}

export type ParsedArguments = LintArguments | { command: 'help' } | { command: 'version' };

export const usage = `Usage: compose-lint [lint] [options] [PATH]

Lints the builds of a Docker Compose project: reads the compose files and every
Dockerfile they build, and reports undeclared build dependencies between
services, missing targets, unmatched context keys and build cycles.

PATH is a project directory or a compose file (default: the current directory).

Options:
  -f, --file FILE            Compose file to read; repeat to merge several files
                             in order (default: compose.yaml and its override
                             file, found as Docker Compose finds them)
      --project-directory DIR
                             Directory that relative paths in the compose files
                             resolve against (default: the first file's directory)
  -p, --project-name NAME    Project name, which sets default image names
                             (default: COMPOSE_PROJECT_NAME, the top-level name:
                             or the project directory's name)
      --format FORMAT        Output format: stylish (default) or json (ESLint's
                             JSON format)
      --color, --no-color    Force colors on or off in stylish output (default:
                             on for a terminal, off when NO_COLOR is set)
      --debug                Print the stack trace of an internal error
  -h, --help                 Print this help and exit
  -v, --version              Print the version and exit

Exit codes:
  0  no error-level finding
  1  at least one error-level finding
  2  usage error, unreadable input or internal error
`;

export function parseArguments(argv: string[]): ParsedArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        file: { type: 'string', short: 'f', multiple: true },
        'project-directory': { type: 'string' },
        'project-name': { type: 'string', short: 'p' },
        format: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };

  const rest = positionals[0] === 'lint' ? positionals.slice(1) : positionals;
  if (rest.length > 1) {
    throw new UsageError(`expected at most one PATH, got ${rest.length}: ${rest.join(' ')}`);
  }

  const format = values.format ?? 'stylish';
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}"; expected one of: ${formats.join(', ')}`);
  }
  if (values.color && values['no-color']) {
    throw new UsageError('--color and --no-color cannot be used together');
  }

  return {
    command: 'lint',
    path: rest[0],
    files: values.file ?? [],
    projectDirectory: values['project-directory'],
    projectName: values['project-name'],
    format: format as Format,
    color: values.color ? true : values['no-color'] ? false : undefined,
    debug: values.debug ?? false,
  };
}
