import { isAbsolute, join, relative, sep } from 'node:path';

import type { Analysis } from '../engine/analysis.js';
import { displayPath } from '../engine/describe.js';
import { combineIgnoreFiles, readIgnorePatterns } from './ignore-rules.js';
import { reject } from './rejection.js';
import type { ServiceSequence } from './sequence.js';

/** The build context of the new Dockerfile and where each member's old context sits in it. */
export interface ContextPlan {
  /** Absolute path of the new context: the members' context when they share one, else their common directory. */
  root: string;
  /** Each member's old context relative to `root`, as a slash path; empty when it is `root`. */
  prefixes: Map<ServiceSequence, string>;
}

/** Characters a context prefix may have, so that it can be written into any source word unquoted. */
const safePrefix = /^[A-Za-z0-9._/-]*$/;

export function planContext(analysis: Analysis, members: readonly ServiceSequence[]): ContextPlan {
  const root = commonDirectory(members.map((member) => member.contextRoot));
  const inProject = relative(analysis.project.workingDir, root);
  if (inProject.startsWith('..') || isAbsolute(inProject)) {
    reject(`the common directory of the build contexts, ${root}, is outside the project directory`);
  }

  const prefixes = new Map<ServiceSequence, string>();
  for (const member of members) {
    const prefix = relative(root, member.contextRoot).split(sep).join('/');
    if (!safePrefix.test(prefix)) {
      reject(`the context directory ${displayDirectory(analysis, member.contextRoot)} has characters that a COPY source would need quoted`);
    }
    prefixes.set(member, prefix);
  }
  return { root, prefixes };
}

/** Returns the deepest directory that contains every path. */
function commonDirectory(paths: readonly string[]): string {
  const split = paths.map((path) => path.split(sep));
  const first = split[0]!;
  let length = first.length;
  for (const parts of split) {
    let index = 0;
    while (index < length && index < parts.length && parts[index] === first[index]) index++;
    length = index;
  }
  return first.slice(0, length).join(sep) || sep;
}

/** Names tried for the new Dockerfile in the new context, in order. */
function* dockerfileNames(): Generator<string> {
  yield 'Dockerfile';
  yield 'multistage.Dockerfile';
  for (let suffix = 1; ; suffix++) yield `multistage-${suffix}.Dockerfile`;
}

/** Returns the first Dockerfile path in `root` where neither the file nor its own ignore file exists. */
export function chooseDockerfilePath(analysis: Analysis, root: string): string {
  for (const name of dockerfileNames()) {
    const path = join(root, name);
    if (analysis.host.kind(path) === undefined && analysis.host.kind(`${path}.dockerignore`) === undefined) return path;
  }
  throw new Error('unreachable: the name generator is infinite');
}

/** The ignore rules of the new build, and the ignore file to create for them. */
export interface IgnorePlan {
  /** Text of the ignore file the new build reads, or `undefined` when it reads none. */
  effectiveText: string | undefined;
  /** `<Dockerfile>.dockerignore` to create beside the new Dockerfile, when the rules need one. */
  create: { file: string; text: string } | undefined;
}

/**
 * Plans the ignore file of the new build so that every member receives the
 * same files from its old context directory as before.
 *
 * Members that share a context must have the same ignore patterns, because
 * one Dockerfile reads one ignore file. Members in different directories get
 * one file with each directory's patterns prefixed by its path. Nested
 * directories with patterns are rejected, because the outer patterns would
 * reach the inner directory's files. The new file is written only when the
 * rules the new Dockerfile would otherwise read (the context's `.dockerignore`)
 * differ.
 */
export function planIgnoreFile(analysis: Analysis, members: readonly ServiceSequence[], context: ContextPlan, dockerfile: string): IgnorePlan {
  const directories = new Map<string, { member: ServiceSequence; prefix: string; patterns: string[] }>();
  for (const member of members) {
    const patterns = readIgnorePatterns(member.ignoreFile?.text ?? '');
    const existing = directories.get(member.contextRoot);
    if (existing === undefined) {
      directories.set(member.contextRoot, { member, prefix: context.prefixes.get(member)!, patterns });
    } else if (!samePatterns(existing.patterns, patterns)) {
      reject(
        `services "${existing.member.build.service.name}" and "${member.build.service.name}" build the context ` +
          `${displayDirectory(analysis, member.contextRoot)} with different ignore rules (${describeIgnoreFile(analysis, existing.member)} and ` +
          `${describeIgnoreFile(analysis, member)}), and one Dockerfile reads one ignore file`,
      );
    }
  }

  const entries = [...directories.values()];
  for (const [index, outer] of entries.entries()) {
    for (const inner of entries.slice(index + 1)) {
      const nested = isWithin(inner.prefix, outer.prefix) || isWithin(outer.prefix, inner.prefix);
      if (nested && (outer.patterns.length > 0 || inner.patterns.length > 0)) {
        reject(
          `the contexts ${displayDirectory(analysis, outer.member.contextRoot)} and ${displayDirectory(analysis, inner.member.contextRoot)} are nested ` +
            `and have ignore rules, which one ignore file would apply to both`,
        );
      }
    }
  }

  let text: string | undefined;
  if (entries.length === 1) {
    text = entries[0]!.member.ignoreFile?.text;
  } else {
    const sources = entries
      .filter((entry) => entry.patterns.length > 0)
      .map((entry) => ({ prefix: entry.prefix, displayPath: displayPath(analysis, entry.member.ignoreFile!.path), text: entry.member.ignoreFile!.text }));
    text = sources.length === 0 ? undefined : combineIgnoreFiles(sources);
  }

  const contextIgnore = analysis.host.readText(join(context.root, '.dockerignore'));
  if (samePatterns(readIgnorePatterns(contextIgnore ?? ''), readIgnorePatterns(text ?? ''))) {
    return { effectiveText: contextIgnore, create: undefined };
  }
  const written = text ?? '# No patterns: the .dockerignore of this directory must not apply to the builds of this Dockerfile.\n';
  return { effectiveText: written, create: { file: `${dockerfile}.dockerignore`, text: written } };
}

/** Formats a directory for messages: `.` for the project directory itself. */
function displayDirectory(analysis: Analysis, directory: string): string {
  return directory === analysis.project.workingDir ? '.' : displayPath(analysis, directory);
}

function describeIgnoreFile(analysis: Analysis, member: ServiceSequence): string {
  return member.ignoreFile === undefined ? 'no ignore file' : displayPath(analysis, member.ignoreFile.path);
}

function samePatterns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((pattern, index) => pattern === b[index]);
}

/** Returns whether slash path `inner` is `outer` or below it. The empty path contains every path. */
function isWithin(inner: string, outer: string): boolean {
  return outer === '' || inner === outer || inner.startsWith(`${outer}/`);
}
