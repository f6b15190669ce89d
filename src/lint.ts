import { rules as allRules } from '../rules/index.js';
import { analyzeProject, DockerfileCache, type Analysis } from './engine/analysis.js';
import type { Finding } from './engine/finding.js';
import type { Rule } from './engine/rule.js';
import { runRules } from './engine/run.js';
import { DiskHost, type Host } from './host.js';
import { loadProject } from './project/index.js';
import type { LoadOptions } from './project/types.js';

export interface LintOptions extends LoadOptions {
  rules?: readonly Rule[];
  /** Reused between runs by long-lived callers such as the language server. */
  cache?: DockerfileCache;
}

export interface LintResult {
  analysis: Analysis;
  findings: Finding[];
}

/**
 * Loads a Compose project, reads the Dockerfiles it builds and runs the rules.
 * Throws `InputError` when the project cannot be read at all; every problem
 * inside the files is a finding.
 */
export function lint(options: LintOptions = {}, host: Host = new DiskHost()): LintResult {
  const project = loadProject(options, host);
  const analysis = analyzeProject(project, host, options.cache);
  return { analysis, findings: runRules(analysis, options.rules ?? allRules) };
}
