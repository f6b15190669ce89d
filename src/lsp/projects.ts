import { dirname, join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { DockerfileCache } from '../engine/analysis.js';
import type { Finding } from '../engine/finding.js';
import { internalErrorId } from '../engine/run.js';
import { DiskHost, DiskSnapshot, type Host } from '../host.js';
import { lint } from '../lint.js';
import { composeFileNames, InputError, loadProject } from '../project/index.js';
import type { ComposeProject } from '../project/types.js';
import { fileStartRange, type SourceRange } from '../source.js';
import type { DocumentKind } from './files.js';

/** Rule id of the diagnostic that shows why a project could not be loaded at all. */
export const inputErrorId = 'input-error';

/** The server's log: `connection.console`, which sends `window/logMessage` to the client. */
export interface Logger {
  log(message: string): void;
  info(message: string): void;
  error(message: string): void;
}

type PathKind = ReturnType<Host['kind']>;

/**
 * A host that records every path the engine reads, probes or lists, with
 * the result. The records are the project's inputs: the environment is
 * fixed for the server's life, so only a change to one of them can change
 * the findings.
 */
class RecordingHost implements Host {
  readonly texts = new Map<string, string | undefined>();
  readonly kinds = new Map<string, PathKind>();
  readonly listings = new Map<string, string | undefined>();
  readonly #disk: DiskHost;

  constructor(disk: DiskHost) {
    this.#disk = disk;
  }

  get env(): Host['env'] {
    return this.#disk.env;
  }

  get cwd(): string {
    return this.#disk.cwd;
  }

  readText(path: string): string | undefined {
    const text = this.#disk.readText(path);
    this.texts.set(path, text);
    return text;
  }

  kind(path: string): PathKind {
    const kind = this.#disk.kind(path);
    this.kinds.set(path, kind);
    return kind;
  }

  list(path: string): string[] | undefined {
    const names = this.#disk.list(path);
    this.listings.set(path, names?.join('\n'));
    return names;
  }

  records(): ProjectInputs {
    return { texts: this.texts, kinds: this.kinds, listings: this.listings };
  }

  /** Adds the records of an earlier read, such as the load of a project reused from before. */
  include(inputs: ProjectInputs): void {
    for (const [path, text] of inputs.texts) this.texts.set(path, text);
    for (const [path, kind] of inputs.kinds) this.kinds.set(path, kind);
    for (const [path, listing] of inputs.listings) this.listings.set(path, listing);
  }
}

/** The paths one lint of a project read, probed or listed, with the results, to check whether a later lint would read the same. */
interface ProjectInputs {
  texts: ReadonlyMap<string, string | undefined>;
  kinds: ReadonlyMap<string, PathKind>;
  listings: ReadonlyMap<string, string | undefined>;
}

function includesInput(inputs: ProjectInputs, path: string): boolean {
  // A file created or deleted in a listed directory changes the listing.
  return inputs.texts.has(path) || inputs.kinds.has(path) || inputs.listings.has(path) || inputs.listings.has(dirname(path));
}

/** Checks whether every input still reads the same, so a lint now would return the same findings. */
function isCurrent(inputs: ProjectInputs, host: DiskHost): boolean {
  for (const [path, text] of inputs.texts) if (host.readText(path) !== text) return false;
  for (const [path, kind] of inputs.kinds) if (host.kind(path) !== kind) return false;
  for (const [path, listing] of inputs.listings) if (host.list(path)?.join('\n') !== listing) return false;
  return true;
}

/** A compose project the server lints: the directory Compose finds its compose file in. */
export class Project {
  readonly directory: string;
  /** Findings of the last lint, by absolute file path, without fixes. */
  findings = new Map<string, Finding[]>();
  /** The same findings with their safe fixes, computed on the first request after the last lint. */
  findingsWithFixes: Map<string, Finding[]> | undefined;
  /** The compose files the last lint loaded, whatever their names. */
  composeFiles = new Set<string>();
  /** The Dockerfiles the last lint read for the project's builds, whatever their names. */
  dockerfiles = new Set<string>();
  inputs: ProjectInputs | undefined;
  /** The compose project of the last load and what that load read. */
  loaded: { project: ComposeProject; inputs: ProjectInputs } | undefined;

  constructor(directory: string) {
    this.directory = directory;
  }

  /** Checks whether the last lint read, probed or listed `path`. */
  dependsOn(path: string): boolean {
    return this.inputs !== undefined && includesInput(this.inputs, path);
  }

  /** Checks whether the last lint read or probed `path` itself, as it does each Dockerfile a build names. */
  reads(path: string): boolean {
    return this.inputs !== undefined && (this.inputs.texts.has(path) || this.inputs.kinds.has(path));
  }
}

export interface ProjectRegistryOptions {
  env: Host['env'];
  /** Unsaved editor text by absolute path, laid over the disk. The registry reads it and never writes it. */
  overlay: Map<string, string>;
  /** Dockerfile models shared by every project, so each text is parsed once. */
  cache: DockerfileCache;
  logger: Logger;
}

/**
 * The compose projects the server has found from the files the editor
 * opens, each with the findings and inputs of its last lint.
 *
 * A project is not linted at all when none of its inputs changed, and its
 * compose files are not loaded again when none of them changed; Dockerfiles
 * are parsed once per text.
 */
export class ProjectRegistry {
  readonly #projects = new Map<string, Project>();
  readonly #options: ProjectRegistryOptions;

  constructor(options: ProjectRegistryOptions) {
    this.#options = options;
  }

  get projects(): Iterable<Project> {
    return this.#projects.values();
  }

  /**
   * Finds the projects a change to `path` concerns: every known project
   * that read, probed or listed it. A compose file also concerns the
   * project of the nearest directory at or above it that has a compose
   * file, and so does a Dockerfile that no known project reads. That
   * project joins the registry if it is new. `snapshot` contains the disk reads
   * of this lint pass.
   */
  projectsFor(path: string, kind: DocumentKind, snapshot: DiskSnapshot): Project[] {
    const dependents = [...this.#projects.values()].filter((project) => project.dependsOn(path));
    if (kind === 'other') return dependents;
    if (kind === 'dockerfile' && dependents.some((project) => project.reads(path))) return dependents;

    const nearest = this.#findNearestProject(path, snapshot);
    return nearest === undefined || dependents.includes(nearest) ? dependents : [...dependents, nearest];
  }

  /**
   * Lints a project again unless its inputs read the same as last time.
   * Returns the files whose findings changed: a file of the last lint or of
   * this one whose findings differ. A project whose directory has lost its
   * compose file is dropped. Never throws: a failure becomes a diagnostic
   * on the compose file and a log entry. `snapshot` contains the disk reads of
   * this lint pass, so the inputs checked and the files linted are read once.
   */
  refresh(project: Project, snapshot: DiskSnapshot): string[] {
    const previousFiles = [...project.findings.keys()];
    const disk = this.#host(project.directory, snapshot);
    if (project.inputs !== undefined && isCurrent(project.inputs, disk)) return [];

    if (findComposeFile(project.directory, disk) === undefined) {
      this.#projects.delete(project.directory);
      project.findings = new Map();
      project.inputs = undefined;
      this.#options.logger.info(`dropped compose project ${project.directory}: it has no compose file any more`);
      return previousFiles;
    }

    const host = new RecordingHost(disk);
    const started = performance.now();
    let findings: Finding[];
    let composeFiles = new Set<string>();
    let dockerfiles = new Set<string>();
    try {
      const loaded = this.#load(project, disk);
      host.include(loaded.inputs);
      // Fixes cost about a third of the lint at 200 services, and only code
      // actions need them, so they are computed on a code action request.
      const result = lint({ path: project.directory, cache: this.#options.cache, project: loaded.project, fixes: 'none' }, host);
      findings = result.findings;
      composeFiles = new Set(result.analysis.project.composeFiles);
      dockerfiles = new Set(result.analysis.builds.flatMap(({ dockerfile }) => (dockerfile.kind === 'file' ? [dockerfile.path] : [])));
      const elapsed = (performance.now() - started).toFixed(1);
      this.#options.logger.log(`linted ${project.directory} in ${elapsed} ms: ${findings.length} findings`);
    } catch (error) {
      findings = [this.#describeFailure(project, error, disk)];
    }

    const previousFindings = project.findings;
    project.inputs = { texts: host.texts, kinds: host.kinds, listings: host.listings };
    project.findings = groupByFile(findings);
    project.findingsWithFixes = undefined;
    project.composeFiles = composeFiles;
    project.dockerfiles = dockerfiles;
    return findChangedFiles(previousFindings, project.findings);
  }

  /**
   * Loads the compose project, or returns the one loaded before when every
   * file the load read (compose files, included and extended files, env
   * files) reads the same, as after an edit to a Dockerfile.
   */
  #load(project: Project, disk: DiskHost): { project: ComposeProject; inputs: ProjectInputs } {
    if (project.loaded !== undefined && isCurrent(project.loaded.inputs, disk)) return project.loaded;

    const host = new RecordingHost(disk);
    project.loaded = undefined;
    const loaded = { project: loadProject({ path: project.directory }, host), inputs: host.records() };
    project.loaded = loaded;
    return loaded;
  }

  /** Returns the findings of every project in one file, each distinct finding once, without fixes. */
  findingsFor(file: string): Finding[] {
    return this.#collectFindings(file, (project) => project.findings);
  }

  /**
   * Returns the findings of every project in one file with their safe fixes.
   * The projects with findings in the file are linted again with fixes,
   * once after each lint, from the same compose project and texts.
   */
  findingsWithFixesFor(file: string): Finding[] {
    for (const project of this.#projects.values()) {
      if (project.findingsWithFixes !== undefined || project.loaded === undefined || !project.findings.has(file)) continue;
      project.findingsWithFixes = groupByFile(this.#lintWithFixes(project, project.loaded.project));
    }
    return this.#collectFindings(file, (project) => project.findingsWithFixes ?? project.findings);
  }

  #lintWithFixes(project: Project, loaded: ComposeProject): Finding[] {
    const host = this.#host(project.directory, new DiskSnapshot());
    try {
      return lint({ path: project.directory, cache: this.#options.cache, project: loaded, fixes: 'safe' }, host).findings;
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.#options.logger.error(`computing fixes for compose project ${project.directory} failed: ${detail}`);
      return [...project.findings.values()].flat();
    }
  }

  #collectFindings(file: string, findingsOf: (project: Project) => Map<string, Finding[]>): Finding[] {
    const byKey = new Map<string, Finding>();
    for (const project of this.#projects.values()) {
      for (const finding of findingsOf(project).get(file) ?? []) {
        const { ruleId, range, message } = finding;
        byKey.set(`${ruleId}\0${range.start.offset}\0${range.end.offset}\0${message}`, finding);
      }
    }
    return [...byKey.values()];
  }

  /** Tells what a file is to the known projects: a compose file one of them loads, a Dockerfile one of them builds, or neither. */
  classify(path: string): DocumentKind {
    const projects = [...this.#projects.values()];
    if (projects.some((project) => project.composeFiles.has(path))) return 'compose';
    if (projects.some((project) => project.dockerfiles.has(path))) return 'dockerfile';
    return 'other';
  }

  /** Drops the projects in `directory` or below it, and returns the files that had findings. */
  forgetUnder(directory: string): string[] {
    const files: string[] = [];
    for (const project of [...this.#projects.values()]) {
      if (project.directory !== directory && !project.directory.startsWith(directory.endsWith(sep) ? directory : directory + sep)) continue;
      files.push(...project.findings.keys());
      this.#projects.delete(project.directory);
      project.findings = new Map();
      this.#options.logger.info(`dropped compose project ${project.directory}: its workspace folder was removed`);
    }
    return files;
  }

  #findNearestProject(path: string, snapshot: DiskSnapshot): Project | undefined {
    const directory = findComposeDirectory(dirname(path), this.#host(dirname(path), snapshot));
    if (directory === undefined) {
      this.#options.logger.log(`no compose file found at or above ${dirname(path)}, so ${path} is not linted`);
      return undefined;
    }

    let project = this.#projects.get(directory);
    if (project === undefined) {
      project = new Project(directory);
      this.#projects.set(directory, project);
      this.#options.logger.info(`found compose project ${directory} from ${path}`);
    }
    return project;
  }

  #host(cwd: string, snapshot: DiskSnapshot): DiskHost {
    return new DiskHost(cwd, this.#options.env, this.#options.overlay, snapshot);
  }

  /** Logs why a lint failed and turns it into one diagnostic at the start of the compose file. */
  #describeFailure(project: Project, error: unknown, host: DiskHost): Finding {
    const composeFile = findComposeFile(project.directory, host) ?? join(project.directory, composeFileNames[0]!);
    if (error instanceof InputError) {
      this.#options.logger.error(`failed to load compose project ${project.directory}: ${error.message}`);
      const file = error.file !== undefined && host.kind(error.file) === 'file' ? error.file : composeFile;
      return { ruleId: inputErrorId, severity: 'error', message: error.message, range: fileStartRange(file) };
    }

    const reason = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error && error.stack !== undefined ? `\n${error.stack}` : '';
    this.#options.logger.error(`linting compose project ${project.directory} failed: ${reason}${stack}`);
    const message = `compose-lint failed on this project (${reason}), which is a bug: please report it`;
    return { ruleId: internalErrorId, severity: 'error', message, range: fileStartRange(composeFile) };
  }
}

/** Finds the first default compose file in `directory`, in Compose's order of preference. */
function findComposeFile(directory: string, host: Host): string | undefined {
  return composeFileNames.map((name) => join(directory, name)).find((path) => host.kind(path) === 'file');
}

/** Finds the nearest directory at or above `start` with a default compose file, as `docker compose` searches. */
function findComposeDirectory(start: string, host: Host): string | undefined {
  for (let directory = start; ; directory = dirname(directory)) {
    if (findComposeFile(directory, host) !== undefined) return directory;
    if (dirname(directory) === directory) return undefined;
  }
}

/** Returns the files whose findings differ between two lints of a project. */
function findChangedFiles(before: ReadonlyMap<string, Finding[]>, after: ReadonlyMap<string, Finding[]>): string[] {
  const files = new Set([...before.keys(), ...after.keys()]);
  return [...files].filter((file) => !sameFindings(before.get(file) ?? [], after.get(file) ?? []));
}

/** Checks whether two lists show the same diagnostics: rule, severity, message, range and related locations. */
function sameFindings(before: Finding[], after: Finding[]): boolean {
  return before.length === after.length && before.every((finding, index) => sameFinding(finding, after[index]!));
}

function sameFinding(a: Finding, b: Finding): boolean {
  const relatedA = a.related ?? [];
  const relatedB = b.related ?? [];
  return (
    a.ruleId === b.ruleId &&
    a.severity === b.severity &&
    a.message === b.message &&
    sameRange(a.range, b.range) &&
    relatedA.length === relatedB.length &&
    relatedA.every((related, index) => related.message === relatedB[index]!.message && sameRange(related.range, relatedB[index]!.range))
  );
}

function sameRange(a: SourceRange, b: SourceRange): boolean {
  return (
    a.file === b.file &&
    a.start.line === b.start.line &&
    a.start.column === b.start.column &&
    a.end.line === b.end.line &&
    a.end.column === b.end.column
  );
}

function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.range.file) ?? [];
    list.push(finding);
    byFile.set(finding.range.file, list);
  }
  return byFile;
}
