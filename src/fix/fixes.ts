import type { Analysis } from '../engine/analysis.js';
import type { Fix } from '../engine/finding.js';
import { addAdditionalContext } from './compose-edit.js';

/**
 * A safe fix that declares `key: "value"` in the additional contexts of a
 * service, written into the last compose file that sets the service's
 * `build:` directly (entries merge by key across files).
 *
 * NOTE: a `build:` that comes from a YAML merge key, an alias or `extends`
 * gets no fix, because a `build:` key added to the service would replace the
 * shared mapping instead of extending it.
 */
export function additionalContextFix(analysis: Analysis, service: string, key: string, value: string): Fix | undefined {
  const files = [...analysis.project.composeFiles].reverse();
  for (const file of files) {
    const text = analysis.host.readText(file);
    if (text === undefined) continue;

    const edits = addAdditionalContext(file, text, service, key, value);
    if (edits !== undefined) {
      return { title: `Add ${key}: "${value}" to the additional contexts of service "${service}"`, safety: 'safe', edits };
    }
  }
  return undefined;
}
