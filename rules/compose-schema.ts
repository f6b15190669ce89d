import { loadRule } from '../src/engine/load-rule.js';

export const composeSchema = loadRule(
  {
    id: 'compose-schema',
    severity: 'error',
    description: 'A compose file does not follow the Compose file structure, such as a wrong type for a field.',
    fixable: false,
  },
  (analysis) => analysis.project.findings,
);
