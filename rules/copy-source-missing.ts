import { contextSources } from '../src/dockerfile/context-sources.js';
import { expandKnown, variablesByInstruction } from '../src/dockerfile/index.js';
import type { Instruction, InstructionArgument } from '../src/dockerfile/types.js';
import { buildArgValues, type Analysis, type ServiceBuild } from '../src/engine/analysis.js';
import { BuildContext, type SourceLookup } from '../src/engine/build-context.js';
import { displayPath } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import type { SourceRange } from '../src/source.js';

/** Returns the range of the path itself, which for an exec-form string excludes its quotes. */
function pathRange(instruction: Instruction, source: InstructionArgument): SourceRange {
  const { start, end } = source.range;
  if (!instruction.json || start.line !== end.line) return source.range;
  return {
    file: source.range.file,
    start: { ...start, column: start.column + 1, offset: start.offset + 1 },
    end: { ...end, column: end.column - 1, offset: end.offset - 1 },
  };
}

function describe(
  analysis: Analysis,
  build: ServiceBuild,
  context: BuildContext,
  instruction: Instruction,
  written: string,
  lookup: SourceLookup,
): string | undefined {
  const contextPath = `"${build.build.context.value}"`;
  const source = `${instruction.keyword} source "${written}"`;

  switch (lookup.kind) {
    case 'missing':
      return (
        `${source} is not in the build context ${contextPath}: ${displayPath(analysis, `${build.build.contextPath}/${lookup.path}`)} ` +
        `does not exist, so the build fails with '"/${lookup.path}": not found'. Sources are relative to the context ` +
        `directory, not to the Dockerfile: fix the path or the build context.`
      );
    case 'excluded':
      return (
        `${source} is excluded from the build context by ${displayPath(analysis, context.ignoreFile!)}, so BuildKit never ` +
        `receives "${lookup.path}" and the build fails with '"/${lookup.path}": not found'. Remove the pattern that ` +
        `matches it, or add \`!${lookup.path}\` to the ignore file.`
      );
    case 'no-match':
      return (
        `${source} matches no file of the build context ${contextPath}, so BuildKit copies nothing: an empty ` +
        `wildcard is not an error. Fix the pattern, or remove the instruction.`
      );
    default:
      return undefined;
  }
}

export const copySourceMissing: Rule = {
  meta: {
    id: 'copy-source-missing',
    severity: 'error',
    description: 'A COPY or ADD source is missing from the build context or excluded by .dockerignore.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    // Services that share a Dockerfile and a context report a source once.
    const reported = new Set<string>();

    for (const build of analysis.builds) {
      const { dockerfile } = build;
      const root = build.build.contextPath;
      if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') continue;
      if (root === undefined || analysis.host.kind(root) !== 'directory') continue;

      const model = dockerfile.model;
      const context = new BuildContext(analysis.host, root, dockerfile.kind === 'file' ? dockerfile.path : undefined);
      const variables = variablesByInstruction(model, buildArgValues(build.build, analysis.project));

      for (const stage of model.stages) {
        for (const instruction of stage.instructions) {
          const sources = contextSources(instruction);
          const scope = variables.get(instruction);
          if (scope === undefined) continue;

          for (const source of sources) {
            // A source whose variables are not all known is skipped; quotes and escapes are removed as BuildKit does.
            const path = expandKnown(source.value, model.escapeCharacter, (name) => scope.get(name));
            if (path === undefined) continue;

            const lookup = context.lookup(path);
            // An empty wildcard beside other sources is the usual way to copy a file only when it exists.
            if (lookup.kind === 'no-match' && sources.length > 1) continue;

            const message = describe(analysis, build, context, instruction, source.value, lookup);
            const key = `${source.range.file}:${source.range.start.offset}:${message}`;
            if (message === undefined || reported.has(key)) continue;
            reported.add(key);
            yield {
              message,
              range: pathRange(instruction, source),
              ...(lookup.kind === 'no-match' ? { severity: 'warning' as const } : {}),
            };
          }
        }
      }
    }
  },
};
