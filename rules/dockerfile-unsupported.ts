import { dockerfileFindings, loadRule } from '../src/engine/load-rule.js';

export const dockerfileUnsupported = loadRule(
  {
    id: 'dockerfile-unsupported',
    severity: 'warning',
    description: 'A Dockerfile uses a form compose-lint cannot read the way BuildKit does, so that part is not checked.',
    fixable: false,
  },
  (analysis) => dockerfileFindings(analysis),
);
