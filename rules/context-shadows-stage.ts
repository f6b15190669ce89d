import { displayLocation, displayPath } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';

export const contextShadowsStage: Rule = {
  meta: {
    id: 'context-shadows-stage',
    severity: 'warning',
    description: 'An additional_contexts key has the name of a stage, so the context replaces that whole stage.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    for (const { service, build, dockerfile } of analysis.builds) {
      if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') continue;
      const where = dockerfile.kind === 'file' ? displayPath(analysis, dockerfile.path) : 'the dockerfile_inline';

      for (const entry of build.additionalContexts) {
        // BuildKit looks up a named context for every named stage under the stage's lowercased name.
        const stage = dockerfile.model.stages.find((each) => each.name === entry.key);
        if (stage?.nameRange === undefined) continue;

        const value = entry.value === undefined ? '' : ` ("${entry.value}")`;
        yield {
          message:
            `The additional context "${entry.key}"${value} of service "${service.name}" has the name of stage ` +
            `"${stage.name}" of ${where} (${displayLocation(analysis, stage.nameRange)}). BuildKit replaces a stage ` +
            `with the named context of the same name, so the stage's FROM and all its instructions are ignored and ` +
            `every use of "${stage.name}" gets the context. Rename the key, or rename the stage if the context ` +
            `should not replace it.`,
          range: entry.keyRange,
          related: [{ message: `Stage "${stage.name}" is defined here.`, range: stage.nameRange }],
        };
      }
    }
  },
};
