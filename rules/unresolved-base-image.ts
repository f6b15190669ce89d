import type { DockerfileModel, ResolvedReference } from '../src/dockerfile/types.js';
import type { ServiceBuild } from '../src/engine/analysis.js';
import { listAlternatives } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';

/** Says why one variable of a FROM line has no value, and how to give it one. */
function explainMissing(name: string, build: ServiceBuild, model: DockerfileModel): string {
  const service = build.service.name;
  const declarations = model.globalArgs.filter((declaration) => declaration.name === name);
  if (declarations.length === 0) {
    return (
      `${name} is not declared by an ARG before the first FROM, and only those ARGs reach FROM lines. ` +
      `Declare \`ARG ${name}\` before the first FROM and set \`${name}: <value>\` under build.args of service "${service}".`
    );
  }

  const entry = build.build.args.find((each) => each.key === name);
  const source =
    entry === undefined
      ? `service "${service}" sets no build arg ${name}`
      : `build.args of service "${service}" lists ${name} without a value and the environment does not set it`;
  const withDefault = declarations.find((declaration) => declaration.defaultText !== undefined);
  const declared = withDefault === undefined ? `ARG ${name} has no default` : `the default of ARG ${name} uses unset variables`;
  return `${declared} and ${source}. Set \`${name}: <value>\` under build.args of service "${service}", or give the ARG a default.`;
}

function describe(resolved: ResolvedReference, build: ServiceBuild, model: DockerfileModel): string {
  if (resolved.target.kind !== 'unresolved') return '';
  const { missingArgs, reason } = resolved.target;
  const written = `FROM ${resolved.reference.text}`;
  const stage = `stage ${resolved.reference.stageIndex}`;

  if (missingArgs.length === 0) {
    return (
      `The base image of ${stage} (\`${written}\`) cannot be resolved for service "${build.service.name}": ${reason ?? 'its name is invalid'}. ` +
      `compose-lint cannot check which image or stage this stage builds on.`
    );
  }

  const names = listAlternatives(missingArgs, 'and');
  const explanations = missingArgs.map((name) => explainMissing(name, build, model)).join(' ');
  return (
    `The base image of ${stage} (\`${written}\`) cannot be resolved for service "${build.service.name}" because ${names} ` +
    `${missingArgs.length === 1 ? 'has' : 'have'} no value: BuildKit expands an unset ARG to an empty string, which usually ` +
    `fails with "base name should not be blank" or "invalid reference format", and compose-lint cannot check this base. ` +
    explanations
  );
}

export const unresolvedBaseImage: Rule = {
  meta: {
    id: 'unresolved-base-image',
    severity: 'info',
    description: 'A FROM line uses an ARG that has no value, so its base image cannot be known.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    // Services that share a Dockerfile and its build args report a base once.
    const reported = new Set<string>();

    for (const build of analysis.builds) {
      const { dockerfile } = build;
      if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') continue;

      for (const resolved of build.references) {
        if (resolved.reference.kind !== 'from' || resolved.target.kind !== 'unresolved') continue;
        const message = describe(resolved, build, dockerfile.model);
        const key = `${resolved.reference.range.file}:${resolved.reference.range.start.offset}:${message}`;
        if (reported.has(key)) continue;
        reported.add(key);
        yield { message, range: resolved.reference.range };
      }
    }
  },
};
