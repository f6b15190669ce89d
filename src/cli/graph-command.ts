import { analyzeProject } from '../engine/analysis.js';
import { DiskHost, DiskSnapshot } from '../host.js';
import { formatDot, formatMermaid, formatSvg } from '../output/picture.js';
import { loadProject } from '../project/index.js';
import type { CommandArguments } from './arguments.js';
import { ExitCode, loadOptions, type Io } from './io.js';

export async function runGraphCommand(options: CommandArguments, io: Io): Promise<number> {
  const host = new DiskHost(io.cwd, io.env, new Map(), new DiskSnapshot());
  const analysis = analyzeProject(loadProject(loadOptions(options.project), host), host);
  if (options.format === 'svg') io.stdout(await formatSvg(analysis));
  else io.stdout(options.format === 'dot' ? formatDot(analysis) : formatMermaid(analysis));
  return ExitCode.clean;
}
