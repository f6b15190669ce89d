import { dirname, resolve } from 'node:path';
import { compareFindings, type Finding } from '../engine/finding.js';
import type { Host } from '../host.js';
import { fileStartRange } from '../source.js';
import { checkConsistency } from './consistency.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import { findComposeFiles, namedFilesDirectory, readFileRequest } from './discover.js';
import { addProjectEnvFiles, parseBoolean, readEnvFileOption, readProcessEnvironment, type Environment } from './env.js';
import { InputError } from './errors.js';
import { interpolate } from './interpolate.js';
import { ModelLoader } from './model.js';
import { resolveProjectName } from './name.js';
import { isServiceEnabled, readActiveProfiles } from './profiles.js';
import { findDeclaredName } from './read-document.js';
import { resolveService } from './resolve-service.js';
import type { ComposeProject, Located, LoadOptions } from './types.js';
import type { YamlDocument } from './yaml-file.js';

/**
 * Loads a compose project as Docker Compose v2 and v5 (compose-go) do. It
 * finds the compose files, reads the env files and picks the project name.
 * Then it takes one document at a time: it interpolates the document,
 * validates it against the compose schema, applies `include` and `extends`,
 * and merges it over the documents before it. Relative paths resolve
 * against the project directory, or against the directory of the included
 * or extended file that wrote them. Files are read only through `host`,
 * and standard input for `-f -` from `options.stdin`.
 *
 * Problems inside the files are findings in `project.findings`, and loading
 * goes on with what could be read. Throws `InputError`, and nothing else,
 * when the input cannot be read at all: a missing or wrong-kind compose file,
 * PATH or env file, no compose file found, or an invalid project name.
 */
export function loadProject(options: LoadOptions, host: Host): ComposeProject {
  const findings: Finding[] = [];
  const request = readFileRequest(options, host);
  const projectDirectoryOption = options.projectDirectory === undefined ? undefined : resolve(host.cwd, options.projectDirectory);
  const envFiles = readEnvFileOption(options, host);

  // Compose reads the env files twice (Compose `cmd/compose/compose.go`):
  // first for the directory known before discovery, so that `.env` can set
  // COMPOSE_FILE, then for the project directory. Earlier values win.
  const environment = readProcessEnvironment(host);
  const firstEnvDirectory = projectDirectoryOption ?? namedFilesDirectory(request);
  addProjectEnvFiles(environment, envFiles, firstEnvDirectory, host, findings);

  const searchDirectory = options.path === undefined ? projectDirectoryOption : undefined;
  const composeFiles = findComposeFiles(request, environment, host, searchDirectory);
  const firstFile = composeFiles.find((file) => file !== request.stdin?.path);
  const workingDir = projectDirectoryOption ?? (firstFile === undefined ? host.cwd : dirname(firstFile));
  if (envFiles === undefined && workingDir !== firstEnvDirectory) addProjectEnvFiles(environment, undefined, workingDir, host, findings);

  const texts = new Map(request.stdin ? [[request.stdin.path, request.stdin.text]] : []);
  const loader = new ModelLoader(host, findings, texts, workingDir);
  const documents = composeFiles.flatMap((file) => {
    const parsed = loader.parse(file);
    if (parsed === undefined) throw new InputError(`failed to read compose file ${file}: check that it is readable`, file);
    return parsed;
  });

  const name = resolveProjectName(
    {
      option: options.projectName,
      environment: environment.get('COMPOSE_PROJECT_NAME'),
      declared: interpolateDeclaredName(documents, environment),
      projectDirectory: workingDir,
    },
    findings,
  );
  // Compose offers the resolved name to interpolation.
  environment.set('COMPOSE_PROJECT_NAME', name);

  const model = loader.loadModel(composeFiles, { directory: workingDir, home: host.env.HOME }, environment, []);
  // A file that failed to parse already has its error, so it is not also called empty.
  const hasSyntaxError = findings.some((finding) => finding.ruleId === loaderRuleIds.yamlSyntax && finding.severity === 'error');
  if (!model.hasContent && !hasSyntaxError) {
    findings.push(createFinding(loaderRuleIds.schema, 'error', 'empty compose file', fileStartRange(composeFiles[0]!)));
  }

  const resolved = [...model.services.values()].map((layer) => ({ layer, service: resolveService(layer, workingDir) }));
  const activeProfiles = readActiveProfiles(options, environment);
  const enabled = new Set(resolved.filter(({ service }) => isServiceEnabled(service, activeProfiles)).map(({ service }) => service.name));
  // Without a profile, a linter checks every service; with profiles, only what Compose would run.
  const linted = activeProfiles.length > 0 ? resolved.filter(({ service }) => enabled.has(service.name)) : resolved;

  checkConsistency(
    {
      services: linted,
      allServices: new Map(resolved.map(({ service }) => [service.name, service])),
      enabled,
      activeProfiles,
      secrets: new Set(model.secrets.keys()),
    },
    findings,
  );

  const compatibility = options.compatibility || parseBoolean(environment.get('COMPOSE_COMPATIBILITY'));
  return {
    name,
    workingDir,
    composeFiles,
    environment: Object.fromEntries(environment),
    services: linted.map(({ service }) => service),
    activeProfiles,
    enabledServices: [...enabled],
    disabledServices: activeProfiles.length > 0 ? resolved.filter(({ service }) => !enabled.has(service.name)).map(({ service }) => service) : [],
    imageSeparator: compatibility ? '_' : '-',
    findings: removeDuplicates(findings).sort(compareFindings),
  };
}

/**
 * Interpolates the last non-empty top-level `name` of all documents. Its
 * interpolation problems are reported with the rest of its document.
 */
function interpolateDeclaredName(documents: YamlDocument[], environment: Environment): Located<string> | undefined {
  let declared: Located<string> | undefined;
  for (const document of documents) {
    const scalar = findDeclaredName(document);
    if (!scalar) continue;
    const [start, end] = scalar.range ?? [0, 0];
    const value = interpolate(scalar.value, (variable) => environment.get(variable)).value;
    declared = { value, range: document.lines.range(document.file, start, end) };
  }
  return declared;
}

/**
 * Drops repeated findings. A file that is loaded more than once, such as a
 * file that several services extend, reports its problems once.
 */
function removeDuplicates(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const { file, start, end } = finding.range;
    const key = [finding.ruleId, finding.severity, file, start.offset, end.offset, finding.message].join('\0');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
