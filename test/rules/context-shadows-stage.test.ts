import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'context-shadows-stage';

function lintContexts(contexts: string, dockerfile: string): string[] {
  const compose = `services:\n  app:\n    build:\n      context: .\n      additional_contexts:\n${contexts}`;
  const files = { 'compose.yaml': compose, Dockerfile: dockerfile, 'vendor/lib.txt': 'lib\n' };
  return lintFiles(files).filter((line) => line.endsWith(` ${rule}`));
}

const multiStage = 'FROM alpine AS deps\nRUN true\nFROM alpine AS app\nCOPY --from=deps / /\n';

describe(rule, () => {
  it.each([
    ['        deps: ./vendor\n', multiStage, 'compose.yaml:6:9-6:13'],
    ['        - deps=./vendor\n', multiStage, 'compose.yaml:6:11-6:15'],
    ['        app: docker-image://alpine\n', multiStage, 'compose.yaml:6:9-6:12'],
    ['        deps: ./vendor\n', 'FROM alpine AS Deps\nFROM alpine\nCOPY --from=deps / /\n', 'compose.yaml:6:9-6:13'],
  ])('reports %j', (contexts, dockerfile, range) => {
    expect(lintContexts(contexts, dockerfile)).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['        vendor: ./vendor\n', multiStage],
    ['        Deps: ./vendor\n', multiStage],
    ['        deps: ./vendor\n', 'FROM alpine\nRUN <<EOF\nFROM alpine AS deps\nEOF\n'],
    ['        deps: ./vendor\n', 'FROM deps\nRUN true\n'],
  ])('stays clean for %j', (contexts, dockerfile) => {
    expect(lintContexts(contexts, dockerfile)).toEqual([]);
  });

  it('names the stage and its place', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      additional_contexts:\n        deps: ./vendor\n',
      Dockerfile: multiStage,
      'vendor/lib.txt': 'lib\n',
    });
    const [finding] = lintDirectory(root).findings.filter((each) => each.ruleId === rule);
    expect(finding?.message).toContain('stage "deps" of Dockerfile (Dockerfile:1:16)');
    expect(finding?.related?.[0]?.range.start.line).toBe(1);
  });
});
