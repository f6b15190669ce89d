import { parseArgs } from 'node:util';

/** A command line that cannot be run, reported with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const commands = ['lint', 'plan', 'order', 'graph'] as const;
export type Command = (typeof commands)[number];

/** Output formats of each command; the first is the default. */
export const commandFormats = {
  lint: ['stylish', 'json'],
  plan: ['markdown', 'json'],
  order: ['sh', 'bake', 'json'],
  graph: ['mermaid', 'dot', 'svg'],
} as const satisfies Record<Command, readonly string[]>;

/** How the project is found and loaded; the same for every command. */
export interface ProjectArguments {
  path: string | undefined;
  files: string[];
  projectDirectory: string | undefined;
  projectName: string | undefined;
}

export interface CommandArguments {
  command: Command;
  project: ProjectArguments;
  format: string;
  color: boolean | undefined;
  debug: boolean;
  /** `lint --fix`: apply safe fixes and write the files. */
  fix: boolean;
  /** `lint --fix-dry-run`: print the fixes as a unified diff and write nothing. */
  fixDryRun: boolean;
  /** `order --service`: only these services and what they depend on. */
  services: string[];
}

export type ParsedArguments = CommandArguments | { command: 'help' } | { command: 'version' };

export const usage = `Usage: compose-lint [COMMAND] [options] [PATH]

Lints the builds of a Docker Compose project: reads the compose files and every
Dockerfile they build, and reports undeclared build dependencies between
services, missing targets, unmatched context keys and build cycles.

Commands:
  lint    Report problems (the default command)
  plan    Print the fix plan: the steps that make the builds correct
  order   Print the build order as a shell script, a Bake file or JSON
  graph   Draw the build graph as Mermaid, Graphviz DOT or SVG

PATH is a project directory or a compose file (default: the current directory).

Project options:
  -f, --file FILE            Compose file to read; repeat to merge several files
                             in order (default: compose.yaml and its override
                             file, found as Docker Compose finds them)
      --project-directory DIR
                             Directory that relative paths in the compose files
                             resolve against (default: the first file's directory)
  -p, --project-name NAME    Project name, which sets default image names
                             (default: COMPOSE_PROJECT_NAME, the top-level name:
                             or the project directory's name)

Output options:
      --format FORMAT        lint: stylish (default) or json (ESLint's format)
                             plan: markdown (default) or json
                             order: sh (default), bake or json
                             graph: mermaid (default), dot or svg
      --color, --no-color    Force colors on or off in stylish output (default:
                             on for a terminal, off when NO_COLOR is set)

lint options:
      --fix                  Apply the safe fixes, then report what is left
      --fix-dry-run          Print the safe fixes as a unified diff; write nothing

order options:
      --service NAME         Only this service and the services it needs;
                             repeat for several

Other options:
      --debug                Print the stack trace of an internal error
  -h, --help                 Print this help and exit
  -v, --version              Print the version and exit

Exit codes:
  0  no error-level finding
  1  at least one error-level finding (lint)
  2  usage error, unreadable input, a build cycle (order) or internal error
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
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        service: { type: 'string', multiple: true },
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

  const first = positionals[0];
  const command: Command = (commands as readonly string[]).includes(first ?? '') ? (first as Command) : 'lint';
  const rest = first === command ? positionals.slice(1) : positionals;
  if (rest.length > 1) {
    throw new UsageError(`expected at most one PATH, got ${rest.length}: ${rest.join(' ')}`);
  }

  const allowed: readonly string[] = commandFormats[command];
  const format = values.format ?? allowed[0]!;
  if (!allowed.includes(format)) {
    throw new UsageError(`unknown format "${format}" for ${command}; expected one of: ${allowed.join(', ')}`);
  }
  if (values.color && values['no-color']) {
    throw new UsageError('--color and --no-color cannot be used together');
  }
  if ((values.fix || values['fix-dry-run']) && command !== 'lint') {
    throw new UsageError(`--fix and --fix-dry-run belong to the lint command, not ${command}`);
  }
  if (values.fix && values['fix-dry-run']) {
    throw new UsageError('--fix and --fix-dry-run cannot be used together');
  }
  if (values.service !== undefined && command !== 'order') {
    throw new UsageError(`--service belongs to the order command, not ${command}`);
  }

  return {
    command,
    project: {
      path: rest[0],
      files: values.file ?? [],
      projectDirectory: values['project-directory'],
      projectName: values['project-name'],
    },
    format,
    color: values.color ? true : values['no-color'] ? false : undefined,
    debug: values.debug ?? false,
    fix: values.fix ?? false,
    fixDryRun: values['fix-dry-run'] ?? false,
    services: values.service ?? [],
  };
}
