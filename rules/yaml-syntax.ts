import { loadRule } from '../src/engine/load-rule.js';

export const yamlSyntax = loadRule(
  {
    id: 'yaml-syntax',
    severity: 'error',
    description: 'A compose file is not valid YAML.',
    fixable: false,
  },
  (analysis) => analysis.project.findings,
);
