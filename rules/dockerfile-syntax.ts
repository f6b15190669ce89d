import { dockerfileFindings, loadRule } from '../src/engine/load-rule.js';

export const dockerfileSyntax = loadRule(
  {
    id: 'dockerfile-syntax',
    severity: 'error',
    description: 'A Dockerfile cannot be parsed the way BuildKit parses it.',
    fixable: false,
  },
  (analysis) => dockerfileFindings(analysis),
);
