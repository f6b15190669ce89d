import { rules as allRules } from '../rules/index.js';
import { loadConfig } from './config/load.js';
import type { ConfigOptions, ResolvedConfig } from './config/types.js';
import { analyzeProject, DockerfileCache, type Analysis, type FixLevel } from './engine/analysis.js';
import type { Finding } from './engine/finding.js';
import type { Rule } from './engine/rule.js';
import { runRules } from './engine/run.js';
import { DiskHost, DiskSnapshot, type Host } from './host.js';
import { loadProject } from './project/index.js';
import type { ComposeProject, LoadOptions } from './project/types.js';

export interface LintOptions extends LoadOptions {
  rules?: readonly Rule[];
  /** Reused between runs by long-lived callers such as the language server. */
  cache?: DockerfileCache;
  /**
   * Where the configuration comes from. By default the nearest configuration
   * file from the project directory upward is read.
   */
  config?: ConfigOptions;
  /**
   * Which fixes to compute, `all` by default. Some fixes cost more than the
   * lint itself: the command line asks for them only when it applies, shows
   * or reports them, and the language server never asks for unsafe ones.
   */
  fixes?: FixLevel;
  /**
   * A project loaded before from the same inputs, so that a caller that
   * knows the compose files did not change, such as the language server
   * after a Dockerfile edit, skips loading them again.
   */
  project?: ComposeProject;
}

export interface LintResult {
  analysis: Analysis;
  findings: Finding[];
  /** The configuration the rules ran with. */
  config: ResolvedConfig;
}

/**
 * Loads a Compose project, reads the Dockerfiles it builds and its
 * configuration, and runs the rules with it. Throws `InputError` when the
 * project or a configuration file named in `options.config` cannot be read
 * at all; every problem inside the files is a finding.
 */
export function lint(options: LintOptions = {}, host: Host = new DiskHost(process.cwd(), process.env, new Map(), new DiskSnapshot())): LintResult {
  const rules = options.rules ?? allRules;
  const project = options.project ?? loadProject(options, host);
  const config = loadConfig(options.config ?? {}, project.workingDir, host, rules);
  const analysis = analyzeProject(project, host, options.cache, options.fixes ?? 'all');
  return { analysis, findings: runRules(analysis, rules, config), config };
}
