import type { Analysis } from './analysis.js';
import type { Finding } from './finding.js';
import type { Rule, RuleMeta, RuleReport } from './rule.js';

/**
 * A rule that reports the problems found while loading the project or parsing
 * its Dockerfiles under its own id, so they can be configured and documented
 * like every other rule.
 */
export function loadRule(meta: RuleMeta, select: (analysis: Analysis) => Iterable<Finding>): Rule {
  return {
    meta,
    *check(analysis): Iterable<RuleReport> {
      for (const finding of select(analysis)) {
        if (finding.ruleId !== meta.id) continue;
        const { ruleId: _ruleId, ...report } = finding;
        yield report;
      }
    },
  };
}

/** Findings of every Dockerfile the project builds, once per file. */
export function* dockerfileFindings(analysis: Analysis): Iterable<Finding> {
  const seen = new Set<object>();
  for (const { dockerfile } of analysis.builds) {
    if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') continue;
    if (seen.has(dockerfile.model)) continue;
    seen.add(dockerfile.model);
    yield* dockerfile.model.findings;
  }
}
