import { parseArgs } from 'node:util';

import { parseSeverityName, type SeverityName } from '../config/types.js';

/** A command line that cannot be run, reported with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const commands = ['lint', 'plan', 'order', 'graph', 'rules'] as const;
export type Command = (typeof commands)[number];

/** Output formats of each command; the first is the default. */
export const commandFormats = {
  lint: ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab', 'checkstyle', 'compact'],
  plan: ['markdown', 'json'],
  order: ['sh', 'bake', 'json'],
  graph: ['mermaid', 'dot', 'svg'],
  rules: ['text', 'json'],
} as const satisfies Record<Command, readonly string[]>;

/** How the project is found and loaded; the same for every command. */
export interface ProjectArguments {
  path: string | undefined;
  files: string[];
  projectDirectory: string | undefined;
  projectName: string | undefined;
  /** `--profile` values, in order. */
  profiles: string[];
  /** `--env-file` values, in order. */
  envFiles: string[];
  /** `--compatibility`: default image names `<project>_<service>`. */
  compatibility: boolean;
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
  /** `lint --unsafe`: with `--fix` or `--fix-dry-run`, apply the unsafe fixes too. */
  unsafe: boolean;
  /** `lint --remove-old`: with `--unsafe`, delete the files an unsafe fix makes unused. */
  removeOld: boolean;
  /** `order --service`: only these services and what they depend on. */
  services: string[];
  /** `lint --output-file`: write the report to this file, atomically, instead of standard output. */
  outputFile: string | undefined;
  /** `lint --quiet`: report errors only. */
  quiet: boolean;
  /** `lint --max-warnings`: exit with 1 when there are more warnings than this. */
  maxWarnings: number | undefined;
  /** `lint --config`, `--no-config` and `--rule`. */
  config: ConfigArguments;
  /** `lint --print-config PATH`: print the configuration that applies to PATH and exit. */
  printConfig: string | undefined;
  /** `lint --stdin --stdin-filename PATH`: lint standard input as the text of this file. */
  stdinFilename: string | undefined;
}

/** Where the configuration comes from, as the command line sets it. */
export interface ConfigArguments {
  /** `--config PATH`, or `false` for `--no-config`; `undefined` searches for the file. */
  file: string | false | undefined;
  /** `--rule ID=SEVERITY`, in order; a later entry for the same rule wins. */
  rules: Record<string, SeverityName>;
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
  rules   List the rules with their default severity and documentation
  lsp     Run the language server for editors: compose-lint lsp --stdio

PATH is a project directory or a compose file (default: the current directory).

Project options:
  -f, --file FILE            Compose file to read; repeat to merge several files
                             in order; - reads it from standard input (default:
                             compose.yaml and its override file, found as
                             Docker Compose finds them)
      --project-directory DIR
                             Directory that relative paths in the compose files
                             resolve against (default: the first file's directory)
  -p, --project-name NAME    Project name, which sets default image names
                             (default: COMPOSE_PROJECT_NAME, the top-level name:
                             or the project directory's name)
      --profile PROFILE      Lint only the services Compose enables with this
                             profile; repeat for several (default:
                             COMPOSE_PROFILES, else every service)
      --env-file FILE        Variables for interpolation from this file instead
                             of .env; repeat for several (default:
                             COMPOSE_ENV_FILES, else .env)
      --compatibility        Name built images <project>_<service>, as Compose v1
                             and --compatibility do (default: COMPOSE_COMPATIBILITY,
                             else <project>-<service>)

Output options:
      --format FORMAT        lint: stylish (default), json (ESLint's format),
                             sarif, github, junit, gitlab, checkstyle or compact
                             plan: markdown (default) or json
                             order: sh (default), bake or json
                             graph: mermaid (default), dot or svg
                             rules: text (default) or json
      --color, --no-color    Force colors on or off in stylish output (default:
                             on for a terminal, off when NO_COLOR is set)

lint options:
      --fix                  Apply the safe fixes, then report what is left
      --fix-dry-run          Print the safe fixes as a unified diff; write nothing
      --unsafe               With --fix or --fix-dry-run, also apply the unsafe
                             fixes, such as rewriting duplicated Dockerfiles
                             into one multi-stage Dockerfile
      --remove-old           With --unsafe, delete the Dockerfiles that a
                             rewrite leaves unused (default: keep them)
  -o, --output-file PATH     Write the report to PATH instead of standard output
      --quiet                Report errors only, no warnings or info findings
      --max-warnings N       Exit with 1 when there are more than N warnings
  -c, --config PATH          Configuration file to read (default: the nearest
                             .compose-lint.yaml, .compose-lint.yml,
                             .compose-lint.json or package.json with a
                             "compose-lint" key, from the project directory up)
      --no-config            Read no configuration file
      --rule ID=SEVERITY     Set a rule to off, info, warn or error over the
                             configuration file; repeat for several rules
      --print-config PATH    Print the configuration that applies to PATH as
                             JSON and exit
      --stdin                Lint the text on standard input in place of the
                             file named by --stdin-filename
      --stdin-filename PATH  Path of the file whose text is on standard input:
                             a compose file or a Dockerfile (the rest of its
                             project is read from disk)

order options:
      --service NAME         Only this service and the services it needs;
                             repeat for several

Other options:
      --debug                Print the stack trace of an internal error
  -h, --help                 Print this help and exit
  -v, --version              Print the version and exit

Exit codes:
  0  no error-level finding
  1  at least one error-level finding, or more warnings than --max-warnings (lint)
  2  usage error, unreadable input, a build cycle (order) or internal error
`;

/**
 * Rewrites the message of Node.js's argument parser for an unknown option,
 * which otherwise ends in a quote that it never closes.
 */
function describeParseError(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']*)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== null) {
    return `unknown option "${unknown[1]}"; to lint a path that starts with "-", put it after "--"`;
  }
  return error.message;
}

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
        profile: { type: 'string', multiple: true },
        'env-file': { type: 'string', multiple: true },
        compatibility: { type: 'boolean' },
        format: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        unsafe: { type: 'boolean' },
        'remove-old': { type: 'boolean' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        service: { type: 'string', multiple: true },
        'output-file': { type: 'string', short: 'o' },
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        'print-config': { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }));
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

  if (command === 'rules' && rest.length > 0) {
    throw new UsageError(`the rules command takes no PATH, got ${rest.join(' ')}`);
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
  if (values.unsafe && !values.fix && !values['fix-dry-run']) {
    throw new UsageError('--unsafe works with --fix or --fix-dry-run only');
  }
  if (values['remove-old'] && !values.unsafe) {
    throw new UsageError('--remove-old works with --unsafe only: it deletes the files an unsafe fix replaces');
  }
  if ((values.stdin || values['stdin-filename'] !== undefined) && command !== 'lint') {
    throw new UsageError(`--stdin and --stdin-filename belong to the lint command, not ${command}`);
  }
  if (values.stdin && !values['stdin-filename']) {
    throw new UsageError('--stdin needs --stdin-filename PATH, the path of the file whose text is on standard input');
  }
  if (!values.stdin && values['stdin-filename'] !== undefined) {
    throw new UsageError('--stdin-filename works with --stdin only');
  }
  if (values.stdin && values.file?.includes('-')) {
    throw new UsageError('--stdin and -f - both read standard input: use one of them');
  }
  if (values.stdin && values.fix) {
    throw new UsageError('--fix cannot write standard input: use --fix-dry-run to print the fixes as a diff');
  }
  if (values.service !== undefined && command !== 'order') {
    throw new UsageError(`--service belongs to the order command, not ${command}`);
  }
  const lintOnly = ['output-file', 'quiet', 'max-warnings', 'config', 'no-config', 'rule', 'print-config'] as const;
  const misplaced = lintOnly.find((name) => values[name] !== undefined);
  if (misplaced !== undefined && command !== 'lint') {
    throw new UsageError(`--${misplaced} belongs to the lint command, not ${command}`);
  }
  if (values.config !== undefined && values['no-config']) {
    throw new UsageError('--config and --no-config cannot be used together');
  }

  return {
    command,
    project: {
      path: rest[0],
      files: values.file ?? [],
      projectDirectory: values['project-directory'],
      projectName: values['project-name'],
      profiles: values.profile ?? [],
      envFiles: values['env-file'] ?? [],
      compatibility: values.compatibility ?? false,
    },
    format,
    color: values.color ? true : values['no-color'] ? false : undefined,
    debug: values.debug ?? false,
    fix: values.fix ?? false,
    fixDryRun: values['fix-dry-run'] ?? false,
    unsafe: values.unsafe ?? false,
    removeOld: values['remove-old'] ?? false,
    services: values.service ?? [],
    outputFile: values['output-file'],
    quiet: values.quiet ?? false,
    maxWarnings: values['max-warnings'] === undefined ? undefined : parseMaxWarnings(values['max-warnings']),
    config: {
      file: values['no-config'] ? false : values.config,
      rules: parseRuleOptions(values.rule ?? []),
    },
    printConfig: values['print-config'],
    stdinFilename: values['stdin-filename'],
  };
}

function parseMaxWarnings(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-warnings expects a whole number of warnings, 0 or more, got "${text}"`);
  return Number(text);
}

/** Reads `--rule ID=SEVERITY` entries; whether ID names a rule is checked when the rules are known. */
function parseRuleOptions(entries: string[]): Record<string, SeverityName> {
  const rules: Record<string, SeverityName> = {};
  for (const entry of entries) {
    const match = /^([^=\s]+)=(\S+)$/.exec(entry);
    if (match === null) throw new UsageError(`--rule expects ID=SEVERITY, such as build-cycle=warn, got "${entry}"`);

    const [, id, written] = match;
    const severity = parseSeverityName(written);
    if (severity === undefined) {
      throw new UsageError(`--rule ${id}: invalid severity "${written}"; expected off, info, warn or error`);
    }
    rules[id!] = severity;
  }
  return rules;
}
