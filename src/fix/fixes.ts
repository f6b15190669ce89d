import type { Analysis } from '../engine/analysis.js';
import type { Fix } from '../engine/finding.js';
import { memoized } from '../memo.js';
import { addAdditionalContext } from './compose-edit.js';

/** Compose file texts read for fixes, once per analysis rather than once per fix. */
const composeTexts = new WeakMap<Analysis, Map<string, string | undefined>>();

function composeText(analysis: Analysis, file: string): string | undefined {
  const texts = memoized(composeTexts, analysis, () => new Map<string, string | undefined>());
  return memoized(texts, file, (path) => analysis.host.readText(path));
}

/**
 * A safe fix that declares `key: "value"` in the additional contexts of a
 * service, written into the last compose file that sets the service's
 * `build:` directly (entries merge by key across files).
 *
 * NOTE: a service whose `build:` comes only from a merge key at the service
 * level (`<<: *defaults`) gets no fix, because a `build:` key added to the
 * service would replace the merged mapping instead of extending it.
 */
export function additionalContextFix(analysis: Analysis, service: string, key: string, value: string): Fix | undefined {
  if (analysis.fixes === 'none') return undefined;

  const files = [...analysis.project.composeFiles].reverse();
  for (const file of files) {
    const text = composeText(analysis, file);
    if (text === undefined) continue;

    const edit = addAdditionalContext(file, text, service, key, value);
    if (edit !== undefined) {
      const where = edit.note === undefined ? '' : ` (${edit.note})`;
      return {
        title: `Add ${key}: "${value}" to the additional contexts of service "${service}"${where}`,
        safety: 'safe',
        edits: edit.edits,
      };
    }
  }
  return undefined;
}
