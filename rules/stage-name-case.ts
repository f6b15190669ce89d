import { displayLocation } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';

export const stageNameCase: Rule = {
  meta: {
    id: 'stage-name-case',
    severity: 'error',
    description: 'FROM names an earlier stage with different letter case, which BuildKit reads as an image name.',
    fixable: false,
  },

  *check(analysis): Iterable<RuleReport> {
    // Services that share a Dockerfile report a reference once per expanded name.
    const reported = new Set<string>();

    for (const { dockerfile, references } of analysis.builds) {
      if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') continue;

      for (const { reference, target } of references) {
        if (reference.kind !== 'from' || target.kind !== 'external') continue;
        const lowercase = target.name.toLowerCase();
        if (lowercase === target.name) continue;

        const stage = dockerfile.model.stages
          .slice(0, reference.stageIndex)
          .reverse()
          .find((each) => each.name === lowercase);
        if (stage?.nameRange === undefined) continue;

        const key = `${reference.range.file}:${reference.range.start.offset}:${target.name}`;
        if (reported.has(key)) continue;
        reported.add(key);

        const expansion = target.name === reference.text ? '' : ` (expanded to "${target.name}")`;
        yield {
          message:
            `\`FROM ${reference.text}\`${expansion} means stage "${stage.name}" (${displayLocation(analysis, stage.nameRange)}), ` +
            `but BuildKit matches stage names exactly after lowercasing them, so it reads "${target.name}" as an image name and ` +
            `fails with "repository name must be lowercase". Write \`FROM ${lowercase}\`.`,
          range: reference.range,
          related: [{ message: `Stage "${stage.name}" is defined here.`, range: stage.nameRange }],
        };
      }
    }
  },
};
