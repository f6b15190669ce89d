import { customFrontend } from '../src/dockerfile/index.js';
import { closestMatch, displayPath } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';

/** Proxy args that BuildKit accepts without an ARG declaration, in both cases. */
const proxyArgs = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'];

/**
 * Build args that BuildKit reads itself: the proxy args, the `BUILDKIT_*`
 * settings such as `BUILDKIT_INLINE_CACHE`, and `SOURCE_DATE_EPOCH`, which
 * sets the timestamps of the image.
 */
function isPredefined(name: string): boolean {
  if (proxyArgs.includes(name) || proxyArgs.some((proxy) => proxy.toLowerCase() === name)) return true;
  return name.startsWith('BUILDKIT_') || name === 'SOURCE_DATE_EPOCH';
}

export const undeclaredBuildArg: Rule = {
  meta: {
    id: 'undeclared-build-arg',
    severity: 'warning',
    description: 'A build.args key that no ARG of the Dockerfile declares, so the build ignores it.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    for (const { service, build, dockerfile } of analysis.builds) {
      if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') continue;
      const model = dockerfile.model;
      if (customFrontend(model) !== undefined) continue;

      // ARGs of ONBUILD triggers declare nothing in this build.
      const declared = new Set(model.instructions.flatMap((instruction) => (instruction.declarations ?? []).map((each) => each.name)));

      for (const entry of build.args) {
        if (declared.has(entry.key) || isPredefined(entry.key)) continue;

        const where = dockerfile.kind === 'file' ? displayPath(analysis, dockerfile.path) : 'the dockerfile_inline';
        const typo = closestMatch(entry.key, [...declared]);
        const hint = typo === undefined ? '' : ` Did you mean "${typo}", which ${where} declares?`;
        yield {
          message:
            `Build arg "${entry.key}" of service "${service.name}" is declared by no ARG in ${where}, so BuildKit ` +
            `ignores its value. Declare \`ARG ${entry.key}\` in the stage that uses it (before the first FROM to use ` +
            `it in a FROM line), or remove it from build.args.${hint}`,
          range: entry.keyRange,
        };
      }
    }
  },
};
