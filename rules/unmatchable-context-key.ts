import type { Analysis } from '../src/engine/analysis.js';
import type { Fix } from '../src/engine/finding.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import type { SourceRange } from '../src/source.js';
import { replaceScalarText } from '../src/fix/compose-edit.js';
import { namedContextKey } from '../src/reference/reference.js';

/**
 * The key to write instead of `key`, or undefined when no reference can ever
 * match it. Compose and Bake pass keys to BuildKit unchanged, while BuildKit
 * looks references up by their short name with `:latest` removed.
 */
export function matchableKey(key: string): string | undefined {
  return namedContextKey(key) ?? namedContextKey(key.toLowerCase());
}

/**
 * Rewrites the key where it is written. In list form (`- KEY=value`) the key
 * range covers only the key, so the value stays as it is.
 */
function renameKeyFix(analysis: Analysis, range: SourceRange, key: string, expected: string): Fix | undefined {
  const text = analysis.host.readText(range.file);
  if (text === undefined || !text.slice(range.start.offset, range.end.offset).includes(key)) return undefined;
  return {
    title: `Rename the additional context key "${key}" to "${expected}"`,
    safety: 'safe',
    edits: [replaceScalarText(range.file, text, range.start.offset, range.end.offset, expected)],
  };
}

export const unmatchableContextKey: Rule = {
  meta: {
    id: 'unmatchable-context-key',
    severity: 'error',
    description: 'An additional_contexts key is not in the normalized form BuildKit looks names up in, so it never matches.',
    fixable: true,
  },

  *check(analysis): Iterable<RuleReport> {
    for (const { service, build } of analysis.builds) {
      for (const entry of build.additionalContexts) {
        const expected = matchableKey(entry.key);
        if (expected === entry.key) continue;

        const why =
          'Compose passes context keys to BuildKit unchanged, but BuildKit looks up `FROM`, `--from` and `from=` names ' +
          'in their short lowercase form without `docker.io/library/` and without `:latest`';
        yield {
          message:
            expected === undefined
              ? `The additional context key "${entry.key}" of service "${service.name}" is not a valid image name, so no ` +
                `reference can ever match it. ${why}. Use a lowercase name made of letters, digits, "_", "." and "-".`
              : `The additional context key "${entry.key}" of service "${service.name}" never matches: ${why}, so ` +
                `"${entry.key}" is looked up as "${expected}" and the build uses the image instead of this context. ` +
                `Write the key as "${expected}".`,
          range: entry.keyRange,
          fixes: expected === undefined ? [] : [renameKeyFix(analysis, entry.keyRange, entry.key, expected)].flatMap((fix) => fix ?? []),
        };
      }
    }
  },
};
