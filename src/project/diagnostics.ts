import type { Finding, Severity } from '../engine/finding.js';
import type { SourceRange } from '../source.js';

/** Rule ids of the findings the loader reports. */
export const loaderRuleIds = {
  yamlSyntax: 'yaml-syntax',
  schema: 'compose-schema',
  interpolation: 'compose-interpolation',
  envFile: 'compose-env-file',
  internal: 'internal-error',
} as const;

export type LoaderRuleId = (typeof loaderRuleIds)[keyof typeof loaderRuleIds];

export function createFinding(
  ruleId: LoaderRuleId,
  severity: Severity,
  message: string,
  range: SourceRange,
): Finding {
  return { ruleId, severity, message, range };
}
