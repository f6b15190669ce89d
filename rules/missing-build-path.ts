import { displayPath } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';

export const missingBuildPath: Rule = {
  meta: {
    id: 'missing-build-path',
    severity: 'error',
    description: 'The build context directory or the Dockerfile of a service does not exist.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    for (const { service, build, dockerfile } of analysis.builds) {
      const contextPath = build.contextPath;
      if (contextPath === undefined) continue;

      const contextKind = analysis.host.kind(contextPath);
      if (contextKind !== 'directory') {
        yield {
          message:
            `The build context "${build.context.value}" of service "${service.name}" ` +
            (contextKind === undefined ? 'does not exist' : 'is not a directory') +
            ` (${contextPath}), so the build cannot start. Fix the path; it is relative to the project directory.`,
          range: build.context.range,
        };
        continue;
      }

      if (dockerfile.kind !== 'missing') continue;

      // A Dockerfile outside the context is valid: BuildKit reads it separately.
      const written = build.dockerfile;
      const subject = `The Dockerfile of service "${service.name}"`;
      const path = displayPath(analysis, dockerfile.path);
      const dockerfileKind = analysis.host.kind(dockerfile.path);
      let message: string;
      if (dockerfileKind === 'file') {
        message = `${subject} cannot be read: ${path}. Check its permissions.`;
      } else if (dockerfileKind !== undefined) {
        message = `${subject} is not a file: ${path}. Point build.dockerfile at the Dockerfile.`;
      } else {
        message =
          `${subject} does not exist: ${path}` +
          (written === undefined
            ? `. Without build.dockerfile, the build reads "Dockerfile" in the context; add it, or set build.dockerfile.`
            : `. build.dockerfile is relative to the build context "${build.context.value}"; fix the path.`);
      }
      yield { message, range: written?.range ?? build.context.range };
    }
  },
};
