import { resolve } from 'node:path';

import { DiskHost, DiskSnapshot } from '../host.js';
import { findCycles } from '../graph/cycles.js';
import { buildWaves, selectServices } from '../graph/waves.js';
import { analyzeProject } from '../engine/analysis.js';
import { displayLocation } from '../engine/describe.js';
import { loadProject } from '../project/index.js';
import { formatBakeFile, formatOrderJson, formatShellScript, type OrderInput } from '../output/order.js';
import { UsageError, type CommandArguments } from './arguments.js';
import { ExitCode, loadOptions, readVersion, type Io } from './io.js';

/** The build graph has a cycle, so no order exists; exit code 2. */
export class CycleError extends Error {
  override name = 'CycleError';
}

export function runOrderCommand(options: CommandArguments, io: Io): number {
  const host = new DiskHost(io.cwd, io.env, new Map(), new DiskSnapshot());
  const project = loadProject(loadOptions(options.project), host);
  const analysis = analyzeProject(project, host);
  const graph = analysis.graph;

  for (const service of options.services) {
    if (!graph.services.includes(service)) {
      const known = project.services.some((candidate) => candidate.name === service);
      throw new UsageError(
        known ? `service "${service}" has no build section` : `no service "${service}" in project "${project.name}"`,
      );
    }
  }

  const selected = selectServices(graph, options.services);
  const order = buildWaves(graph, selected);
  if (order.kind === 'cycle') {
    const cycles = findCycles(graph)
      .filter((cycle) => cycle.every((edge) => selected.has(edge.from)))
      .map((cycle) => {
        const steps = cycle.map((edge) => {
          const range = edge.evidence.kind === 'context' ? edge.evidence.entry.valueRange : edge.evidence.reference.reference.range;
          return `  ${edge.from} needs ${edge.to} (${displayLocation(analysis, range)})`;
        });
        return `${[...cycle.map((edge) => edge.from), cycle[0]!.from].join(' -> ')}\n${steps.join('\n')}`;
      });
    throw new CycleError(`no build order exists because of a build cycle:\n${cycles.join('\n')}`);
  }

  // A compose file given as PATH is passed to `docker compose` as `-f`.
  const projectArguments = { ...options.project };
  if (projectArguments.path !== undefined && host.kind(resolve(io.cwd, projectArguments.path)) === 'file') {
    projectArguments.files = [projectArguments.path];
    projectArguments.path = undefined;
  }

  const input: OrderInput = {
    projectName: project.name,
    waves: order.waves,
    edges: order.edges,
    project: projectArguments,
    version: readVersion(),
  };
  const formatters = { sh: formatShellScript, bake: formatBakeFile, json: formatOrderJson };
  io.stdout(formatters[options.format as keyof typeof formatters](input));
  return ExitCode.clean;
}
