import { DiskHost, DiskSnapshot } from '../host.js';
import { lint } from '../lint.js';
import { buildPlan, formatPlanJson, formatPlanMarkdown } from '../output/plan.js';
import type { CommandArguments } from './arguments.js';
import { ExitCode, loadOptions, type Io } from './io.js';

export function runPlanCommand(options: CommandArguments, io: Io): number {
  const { analysis, findings } = lint(loadOptions(options.project), new DiskHost(io.cwd, io.env, new Map(), new DiskSnapshot()));
  const plan = buildPlan(analysis, findings);
  io.stdout(options.format === 'json' ? formatPlanJson(plan) : formatPlanMarkdown(plan));
  return ExitCode.clean;
}
