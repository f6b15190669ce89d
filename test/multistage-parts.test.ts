import { describe, expect, it } from 'vitest';

import { prefixIgnorePatterns, prefixSource, readIgnorePatterns, StageNames, stageNameOf } from '../src/multistage/index.js';

describe('stageNameOf', () => {
  it.each([
    ['api', 'api'],
    ['Web_App', 'web_app'],
    ['2worker', 'service-2worker'],
    ['api.v2', 'api.v2'],
  ])('names service %s', (service, stage) => {
    expect(stageNameOf(service)).toBe(stage);
  });
});

describe('StageNames', () => {
  it('skips taken and reserved names', () => {
    const names = new StageNames(['Base', 'base-1']);
    expect([names.claim('base'), names.claim('base'), names.claim('context')]).toEqual(['base-2', 'base-3', 'context-1']);
  });
});

describe('prefixSource', () => {
  it.each([
    ['app.py', 'api/app.py'],
    ['/app.py', 'api/app.py'],
    ['./src/', 'api/src/'],
    ['.', 'api'],
    ['../shared/x', 'api/shared/x'],
    ['*.json', 'api/*.json'],
    ['"my', '"api/my'],
    ['${DIR}/x', 'api/${DIR}/x'],
    ['"requirements.txt"', '"api/requirements.txt"'],
  ])('moves %s', (written, moved) => {
    expect(prefixSource(written, 'api')).toBe(moved);
  });
});

describe('readIgnorePatterns', () => {
  it('reads patterns as Docker does', () => {
    expect(readIgnorePatterns('\uFEFF# comment\n  node_modules/ \n\n! keep.md\n/dist\n./build/../out\n')).toEqual([
      'node_modules',
      '!keep.md',
      'dist',
      'out',
    ]);
  });
});

describe('prefixIgnorePatterns', () => {
  it.each([
    [['*.md'], ['api/*.md']],
    [['**/__pycache__'], ['api/**/__pycache__']],
    [['!keep.md'], ['!api/keep.md']],
    [['../outside'], []],
    [['!'], []],
  ])('moves %j below api', (patterns, prefixed) => {
    expect(prefixIgnorePatterns(patterns, 'api')).toEqual(prefixed);
  });
});
