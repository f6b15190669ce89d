import { loadRule } from '../src/engine/load-rule.js';

export const composeInterpolation = loadRule(
  {
    id: 'compose-interpolation',
    severity: 'error',
    description: 'A variable in a compose file is missing or written with invalid syntax.',
    fixable: false,
  },
  (analysis) => analysis.project.findings,
);
