import { loadRule } from '../src/engine/load-rule.js';

export const composeEnvFile = loadRule(
  {
    id: 'compose-env-file',
    severity: 'error',
    description: 'The project\'s .env file has a line Compose cannot parse.',
    fixable: false,
  },
  (analysis) => analysis.project.findings,
);
