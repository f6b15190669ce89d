import { closestMatch, listAlternatives } from '../engine/describe.js';
import type { Fix } from '../engine/finding.js';
import type { RuleReport } from '../engine/rule.js';
import type { SuppressionUsage } from './apply.js';
import type { SuppressedRule, Suppression } from './types.js';

/**
 * Reports each suppression comment, or each rule id in one, that matched no
 * finding, with a fix that removes it. A comment whose ids all went unused
 * is one report on the whole comment.
 */
export function reportUnusedSuppressions(usage: SuppressionUsage, ruleIds: readonly string[]): RuleReport[] {
  const reports: RuleReport[] = [];
  for (const [suppression, used] of usage) {
    if (suppression.language === 'dockerfile' && suppression.kind === 'line') {
      reports.push(reportDisableLineInDockerfile(suppression));
      continue;
    }
    if (suppression.rules.length === 0) {
      if (used.size === 0) reports.push(reportWholeComment(suppression, []));
      continue;
    }

    const unused = suppression.rules.filter((rule) => !used.has(rule.id));
    if (unused.length === suppression.rules.length) {
      reports.push(reportWholeComment(suppression, unused));
      continue;
    }
    for (const rule of unused) reports.push(reportRule(suppression, rule, ruleIds));
  }
  return reports;
}

function reportWholeComment(suppression: Suppression, rules: SuppressedRule[]): RuleReport {
  const subject = rules.length === 0 ? 'This suppression comment' : `The suppression of ${listAlternatives(rules.map((rule) => `"${rule.id}"`), 'and')}`;
  return {
    message: `${subject} matches no finding ${describeTarget(suppression)}, so it has no effect. Remove the comment.`,
    range: suppression.range,
    fixes: [removal('Remove the unused suppression comment', suppression.removal, '')],
  };
}

function reportRule(suppression: Suppression, rule: SuppressedRule, ruleIds: readonly string[]): RuleReport {
  const unknown = !ruleIds.includes(rule.id);
  const suggestion = unknown ? closestMatch(rule.id, [...ruleIds]) : undefined;
  const reason = unknown
    ? `"${rule.id}" is not a rule${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}, so its suppression matches nothing`
    : `The suppression of "${rule.id}" matches no finding ${describeTarget(suppression)}`;
  return {
    message: `${reason}. Remove "${rule.id}" from the comment.`,
    range: rule.range,
    fixes: [removal(`Remove "${rule.id}" from the suppression comment`, rule.removal, '')],
  };
}

/** Reports `disable-line` in a Dockerfile, where a comment is always alone on its line, so it can target nothing. */
function reportDisableLineInDockerfile(suppression: Suppression): RuleReport {
  return {
    message:
      '"compose-lint-disable-line" has no effect in a Dockerfile, because BuildKit has no end-of-line comments and ' +
      'the comment is alone on its line. Write "# compose-lint-disable-next-line" on the line above the finding instead.',
    range: suppression.range,
    fixes: [
      {
        title: 'Suppress the next line instead',
        // Unsafe: the comment may have been meant for the line above it.
        safety: 'unsafe',
        edits: [{ range: suppression.keyword, newText: 'compose-lint-disable-next-line' }],
      },
    ],
  };
}

function describeTarget(suppression: Suppression): string {
  if (suppression.kind === 'file') return 'in this file';
  if (suppression.line === undefined) return 'because no line follows it';
  return suppression.kind === 'line' ? 'on this line' : `on line ${suppression.line}`;
}

function removal(title: string, range: Suppression['removal'], newText: string): Fix {
  return { title, safety: 'safe', edits: [{ range, newText }] };
}
