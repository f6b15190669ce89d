import { join, relative, sep } from 'node:path';

import type { Analysis } from '../engine/analysis.js';
import { displayLocation, displayPath, listAlternatives } from '../engine/describe.js';
import { contextSources } from '../dockerfile/context-sources.js';
import type { DuplicationGroup } from './detect.js';
import { StageNames } from './stage-names.js';
import { carriedArgs, sharedInstructionsText } from './write-dockerfile.js';

/** A piece of text to write by hand, and where it goes. */
export interface PlanSnippet {
  /** The sentence that introduces the text: where it goes and what to do with it, ending with a colon. */
  title: string;
  language: 'dockerfile' | 'dockerignore' | 'yaml';
  text: string;
}

/** A change to make by hand: its summary in one line, and the text to write. */
export interface AlternativePlan {
  change: string;
  snippets: PlanSnippet[];
}

/**
 * Plans the alternative for a group whose rewrite into one Dockerfile is
 * rejected: a `base` service builds the shared instructions once, from the first
 * member's context, and each member's Dockerfile starts `FROM base` with
 * `additional_contexts: {base: "service:base"}`, so Compose builds the base
 * first and hands its result to every member.
 */
export function alternativePlan(analysis: Analysis, group: DuplicationGroup): AlternativePlan {
  const { members, sharedLength } = group;
  const source = members[0]!;

  const serviceNames = new StageNames(analysis.project.services.map((service) => service.name));
  const serviceName = serviceNames.claim('base');
  const keyNames = new StageNames(
    members.flatMap((member) => [
      ...member.model.stages.flatMap((stage) => (stage.name === undefined ? [] : [stage.name])),
      ...member.build.build.additionalContexts.map((entry) => entry.key),
    ]),
  );
  const contextKey = keyNames.claim('base');

  const dockerfile = freePath(analysis, source.contextRoot);
  const from = source.stage.instructions[0]!;
  const platform = from.flags.find((flag) => flag.name === 'platform');
  const platformText = platform === undefined ? '' : `${source.model.text.slice(platform.range.start.offset, platform.range.end.offset)} `;
  const image = source.base.target.kind === 'external' ? source.base.target.name : 'scratch';
  const directives = source.model.directives.map((directive) => `# ${directive.name}=${directive.value}`);
  const baseText = [...directives, `FROM ${platformText}${image}`, sharedInstructionsText(source, sharedLength, '')].join('\n');

  const contextPath = relative(analysis.project.workingDir, source.contextRoot).split(sep).join('/');
  const snippets: PlanSnippet[] = [
    { title: `Create ${displayPath(analysis, dockerfile)} with the shared instructions:`, language: 'dockerfile', text: `${baseText}\n` },
    {
      title: `Add a service "${serviceName}" that builds it, under services: in ${displayPath(analysis, analysis.project.composeFiles[0]!)}:`,
      language: 'yaml',
      text:
        `${serviceName}:\n  build:\n    context: ${contextPath === '' ? '.' : `./${contextPath}`}\n` +
        `    dockerfile: ${relative(source.contextRoot, dockerfile).split(sep).join('/')}\n`,
    },
  ];

  // A Dockerfile's own ignore file applies only to it, so the base Dockerfile needs a copy.
  const ignoreFile = source.ignoreFile;
  const copiesContext = source.stage.instructions.slice(1, sharedLength).some((instruction) => contextSources(instruction).length > 0);
  if (copiesContext && ignoreFile !== undefined && ignoreFile.path === `${source.file}.dockerignore`) {
    snippets.push({
      title: `Create ${displayPath(analysis, `${dockerfile}.dockerignore`)} with the rules of ${displayPath(analysis, ignoreFile.path)}:`,
      language: 'dockerignore',
      text: ignoreFile.text.endsWith('\n') ? ignoreFile.text : `${ignoreFile.text}\n`,
    });
  }

  const replaced = new Set<string>();
  for (const member of members) {
    if (replaced.has(member.stageIdentity)) continue;
    replaced.add(member.stageIdentity);

    // The stage keeps its name, which build.target may select.
    const name = member.stage.name;
    const first = member.stage.instructions[0]!.range.start.line;
    const last = member.stage.instructions[sharedLength - 1]!.range.end.line;
    snippets.push({
      title: `In ${displayPath(analysis, member.file)}, replace lines ${first}-${last} with:`,
      language: 'dockerfile',
      text: `${[`FROM ${contextKey}${name === undefined ? '' : ` AS ${name}`}`, ...carriedArgs(source, sharedLength)].join('\n')}\n`,
    });
  }
  for (const member of members) {
    snippets.push({
      title: `Add to the build of service "${member.build.service.name}" (${displayLocation(analysis, member.build.build.range)}):`,
      language: 'yaml',
      text: `additional_contexts:\n  ${contextKey}: "service:${serviceName}"\n`,
    });
  }
  const services = listAlternatives(members.map((member) => `"${member.build.service.name}"`), 'and');
  return { change: `Build the instructions that services ${services} share once, in a "${serviceName}" service`, snippets };
}

/** `base.Dockerfile` in a directory, else `base-1.Dockerfile`, … whichever does not exist. */
function freePath(analysis: Analysis, directory: string): string {
  for (let suffix = 0; ; suffix++) {
    const path = join(directory, suffix === 0 ? 'base.Dockerfile' : `base-${suffix}.Dockerfile`);
    if (analysis.host.kind(path) === undefined) return path;
  }
}
