import { dirname, resolve } from 'node:path';
import { compareFindings, type Finding } from '../engine/finding.js';
import type { Host } from '../host.js';
import { fileStartRange } from '../source.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import { findComposeFiles, readFileRequest } from './discover.js';
import { DocumentReader } from './document-reader.js';
import { addDotEnv, parseBoolean, readProcessEnvironment, type Environment } from './env.js';
import { InputError } from './errors.js';
import { interpolate } from './interpolate.js';
import { interpolateDocument } from './interpolate-document.js';
import type { ServiceLayer } from './layers.js';
import { mergeServices } from './merge.js';
import { resolveProjectName } from './name.js';
import { findDeclaredName, readDocument, type DocumentLayer } from './read-document.js';
import { resolveService } from './resolve-service.js';
import type { ComposeProject, Located, LoadOptions } from './types.js';
import { parseComposeFile, type YamlDocument } from './yaml-file.js';

/**
 * Loads a compose project as Docker Compose v2 (compose-go) does: finds the
 * compose files, reads `.env`, picks the project name, interpolates each
 * document, merges documents and files in order, and resolves paths against
 * the project directory. Files are read only through `host`.
 *
 * Problems inside the files are findings in `project.findings`, and loading
 * goes on with what could be read. Throws `InputError`, and nothing else,
 * when the input cannot be read at all: a missing or wrong-kind compose file
 * or PATH, no compose file found, or an invalid project name.
 */
export function loadProject(options: LoadOptions, host: Host): ComposeProject {
  const findings: Finding[] = [];
  const request = readFileRequest(options, host);
  const projectDirectoryOption = options.projectDirectory === undefined ? undefined : resolve(host.cwd, options.projectDirectory);

  // Compose reads `.env` twice (compose-go `cli/options.go`): first from the
  // directory known before discovery, so that `.env` can set COMPOSE_FILE,
  // then from the project directory. Earlier values win.
  const environment = readProcessEnvironment(host);
  const firstEnvDirectory = projectDirectoryOption ?? (request.namedFiles ? dirname(request.namedFiles[0]!) : request.startDirectory);
  addDotEnv(environment, firstEnvDirectory, host, findings);

  const composeFiles = findComposeFiles(request, environment, host);
  const workingDir = projectDirectoryOption ?? dirname(composeFiles[0]!);
  if (workingDir !== firstEnvDirectory) addDotEnv(environment, workingDir, host, findings);

  const documents = composeFiles.flatMap((file) => readComposeFile(file, host, findings));

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

  const merged = new Map<string, ServiceLayer>();
  let hasContent = false;
  for (const document of documents) {
    const layer = readDocumentSafely(document, environment, findings);
    hasContent ||= layer.hasContent;
    if (layer.servicesTag) merged.clear();
    mergeServices(merged, layer.services);
  }
  // A file that failed to parse already has its error, so it is not also called empty.
  const hasSyntaxError = findings.some((finding) => finding.ruleId === loaderRuleIds.yamlSyntax && finding.severity === 'error');
  if (!hasContent && !hasSyntaxError) {
    findings.push(createFinding(loaderRuleIds.schema, 'error', 'empty compose file', fileStartRange(composeFiles[0]!)));
  }

  const pathBase = { projectDirectory: workingDir, home: host.env.HOME };
  const services = [...merged.values()].map((service) => resolveService(service, pathBase, findings));
  const compatibility = options.compatibility || parseBoolean(environment.get('COMPOSE_COMPATIBILITY'));

  return {
    name,
    workingDir,
    composeFiles,
    environment: Object.fromEntries(environment),
    services,
    imageSeparator: compatibility ? '_' : '-',
    findings: findings.sort(compareFindings),
  };
}

function readComposeFile(file: string, host: Host, findings: Finding[]): YamlDocument[] {
  const text = host.readText(file);
  if (text === undefined) throw new InputError(`failed to read compose file ${file}: check that it is readable`, file);

  const parsed = parseComposeFile(file, text);
  findings.push(...parsed.findings);
  return parsed.documents;
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
 * Interpolates and reads one document. An exception here is a loader bug; it
 * becomes a finding so that the other documents still load.
 */
function readDocumentSafely(document: YamlDocument, environment: Environment, findings: Finding[]): DocumentLayer {
  const documentFindings: Finding[] = [];
  try {
    const interpolated = interpolateDocument(document, (variable) => environment.get(variable), documentFindings);
    const layer = readDocument(new DocumentReader(document, documentFindings, interpolated));
    findings.push(...documentFindings);
    return layer;
  } catch (error) {
    findings.push(...documentFindings);
    const [start, end] = document.document.range;
    const reason = error instanceof Error ? error.message : String(error);
    const message = `compose-lint failed to load this YAML document (${reason}), which is a bug: please report it`;
    findings.push(createFinding(loaderRuleIds.internal, 'error', message, document.lines.range(document.file, start, end)));
    return { hasContent: true, services: [] };
  }
}
