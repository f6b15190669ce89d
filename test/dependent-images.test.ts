import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { describeFinding, lintDirectory } from './support/project.js';

const fixtures = fileURLToPath(new URL('../fixtures/dependent-images/', import.meta.url));

/** The two patterns of Docker's "Build dependent images" page. */
describe('dependent images patterns', () => {
  it('multi-stage pattern lints clean', () => {
    expect(lintDirectory(join(fixtures, 'multi-stage')).findings).toEqual([]);
  });

  it('service image as base reports b.Dockerfile:1', () => {
    const root = join(fixtures, 'service-image-base');
    const findings = lintDirectory(root).findings.map((finding) => describeFinding(root, finding));
    expect(findings).toEqual(['b.Dockerfile:1:6-1:15 undeclared-build-dependency']);
  });

  it('service image as base with the context lints clean', () => {
    expect(lintDirectory(join(fixtures, 'service-image-base-declared')).findings).toEqual([]);
  });
});

describe('bundled example', () => {
  it('reports each problem of the shop', () => {
    const root = fileURLToPath(new URL('../examples/shop/', import.meta.url));
    const findings = lintDirectory(root).findings.map((finding) => describeFinding(root, finding));
    expect(findings).toEqual([
      'api/Dockerfile:1:6-1:15 undeclared-build-dependency',
      'compose.yaml:22:15-22:25 missing-build-target',
      'compose.yaml:24:9-24:25 unmatchable-context-key',
      'web/Dockerfile:6:6-6:15 undeclared-build-dependency',
      'worker/Dockerfile:1:6-1:15 undeclared-build-dependency',
    ]);
  });
});
