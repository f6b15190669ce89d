import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import type { Finding } from '../../src/engine/finding.js';
import { DiskHost } from '../../src/host.js';
import { imageName, InputError, loadProject, type ComposeProject, type KeyedEntry, type Located, type LoadOptions } from '../../src/project/index.js';
import type { SourceRange } from '../../src/source.js';

/** A project on disk: file paths relative to the project root, and their text. */
export type ProjectFiles = Record<string, string>;

const directories: string[] = [];

/** Writes files under `<new temporary directory>/<name>` and returns that root. */
export function writeFiles(files: ProjectFiles, name = 'app'): string {
  const temporary = mkdtempSync(join(tmpdir(), 'compose-lint-model-'));
  directories.push(temporary);
  const root = join(temporary, name);
  mkdirSync(root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  }
  return root;
}

/** Removes the directories `writeFiles` made; call it from `afterAll`. */
export function removeWrittenFiles(): void {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** Loads the project in `root`, with `cwd` relative to it and only `env` as the process environment. */
export function loadAt(root: string, options: LoadOptions = {}, env: Record<string, string> = {}, cwd = '.'): ComposeProject {
  return loadProject(options, new DiskHost(join(root, cwd), env));
}

/** Formats a range as `file:line:column`, the file relative to `root`. */
export function where(root: string, range: SourceRange): string {
  return `${relative(root, range.file)}:${range.start.line}:${range.start.column}`;
}

function located(root: string, value: Located<string>): string {
  const anchor = value.anchor ? ` (anchor ${where(root, value.anchor)})` : '';
  return `${value.value}@${where(root, value.range)}${anchor}`;
}

function keyed(root: string, entry: KeyedEntry): string {
  const anchor = entry.anchor ? ` (anchor ${where(root, entry.anchor)})` : '';
  const value = entry.value === undefined ? '' : `=${entry.value}`;
  return `${entry.key}${value}@${where(root, entry.valueRange)}${anchor}`;
}

/** Returns a path relative to the project root, or `fallback` when the value is not local. */
function localPath(root: string, path: string | undefined, fallback: string): string {
  return path === undefined ? fallback : relative(root, path) || '.';
}

/** The loaded model of one service, in a form that tables of expectations can match. */
export interface ServiceSummary {
  image: string;
  imageAt?: string;
  profiles: string[];
  platform?: string;
  build?: {
    at: string;
    context: string;
    contextAt: string;
    dockerfile?: string;
    dockerfileAt?: string;
    inline?: string;
    target?: string;
    args: string[];
    contexts: string[];
    labels: string[];
    platforms: string[];
    tags: string[];
    secrets: string[];
  };
}

export interface ProjectSummary {
  name: string;
  workingDir: string;
  composeFiles: string[];
  services: Record<string, ServiceSummary>;
  enabledServices: string[];
  disabledServices: string[];
  activeProfiles: string[];
  findings: string[];
}

/**
 * Summarizes a loaded project: each service with its image name, build
 * settings and the `file:line:column` of its values, and each finding as
 * `file:line:column rule-id severity message`. Paths are relative to `root`.
 */
export function summarize(root: string, project: ComposeProject): ProjectSummary {
  const services: Record<string, ServiceSummary> = {};
  for (const service of project.services) {
    const summary: ServiceSummary = { image: imageName(project, service), profiles: service.profiles };
    if (service.image) summary.imageAt = where(root, service.image.range);
    if (service.platform) summary.platform = located(root, service.platform);

    const build = service.build;
    if (build) {
      summary.build = {
        at: where(root, build.range) + (build.anchor ? ` (anchor ${where(root, build.anchor)})` : ''),
        context: localPath(root, build.contextPath, build.context.value),
        contextAt: where(root, build.context.range) + (build.context.anchor ? ` (anchor ${where(root, build.context.anchor)})` : ''),
        args: build.args.map((entry) => keyed(root, entry)),
        contexts: build.additionalContexts.map((entry) =>
          entry.contextPath === undefined ? keyed(root, entry) : `${keyed(root, entry)} -> ${localPath(root, entry.contextPath, '')}`,
        ),
        labels: build.labels.map((entry) => keyed(root, entry)),
        platforms: build.platforms.map((item) => located(root, item)),
        tags: build.tags.map((item) => located(root, item)),
        secrets: build.secrets.map((item) => located(root, item)),
      };
      if (build.dockerfilePath) summary.build.dockerfile = localPath(root, build.dockerfilePath, '');
      if (build.dockerfile) summary.build.dockerfileAt = where(root, build.dockerfile.range);
      if (build.dockerfileInline) summary.build.inline = build.dockerfileInline.text;
      if (build.target) summary.build.target = located(root, build.target);
    }
    services[service.name] = summary;
  }

  return {
    name: project.name,
    workingDir: relative(root, project.workingDir) || '.',
    composeFiles: project.composeFiles.map((file) => relative(root, file)),
    services,
    enabledServices: project.enabledServices,
    disabledServices: project.disabledServices.map((service) => service.name),
    activeProfiles: project.activeProfiles,
    findings: project.findings.map((finding) => describeFinding(root, finding)),
  };
}

/** `file:line:column rule-id severity message`, with the file relative to `root`. */
export function describeFinding(root: string, finding: Finding): string {
  return `${where(root, finding.range)} ${finding.ruleId} ${finding.severity} ${finding.message}`;
}

/** Runs `action` and returns the message of the `InputError` it throws. */
export function inputErrorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}
