import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { WriteRejected, writeFileAtomically } from '../src/fix/write.js';
import { copyFixture, expectGolden, run } from './support/cli.js';
import { writeProject } from './support/project.js';

describe('lint --fix-dry-run', () => {
  it('prints the diff of every build form', () => {
    const root = copyFixture('fixtures/fix/forms');
    const result = run(['lint', '--fix-dry-run'], root);
    expectGolden(result.stdout, 'forms.diff');
    expect(result.status).toBe(0);
  });

  it('writes nothing', () => {
    const root = copyFixture('fixtures/fix/forms');
    const before = readFileSync(join(root, 'compose.yaml'), 'utf8');
    run(['lint', '--fix-dry-run'], root);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(before);
  });
});

describe('lint --fix', () => {
  it('writes the fixed compose file', () => {
    const root = copyFixture('fixtures/fix/forms');
    const result = run(['lint', '--fix'], root);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('applied 6 fixes to 1 file');
    expectGolden(readFileSync(join(root, 'compose.yaml'), 'utf8'), 'forms.fixed.yaml');
  });

  it('changes nothing the second time', () => {
    const root = copyFixture('fixtures/fix/forms');
    run(['lint', '--fix'], root);
    const once = readFileSync(join(root, 'compose.yaml'), 'utf8');
    const second = run(['lint', '--fix'], root);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(once);
    expect(second.stderr).toBe('');
  });

  it('keeps every original line', () => {
    const root = copyFixture('fixtures/fix/forms');
    const before = readFileSync(join(root, 'compose.yaml'), 'utf8').split('\n');
    run(['lint', '--fix'], root);
    const after = readFileSync(join(root, 'compose.yaml'), 'utf8').split('\n');
    const changed = new Set(['    build: ./short   # short form keeps this comment', '      additional_contexts: {shared: ./shared}',
      '    build: {context: ./flowbuild}', '        "acme/base:latest": "service:base"']);
    for (const line of before.filter((candidate) => !changed.has(candidate))) {
      expect(after).toContain(line);
    }
  });

  it('keeps CRLF line ends', () => {
    const root = copyFixture('fixtures/fix/forms');
    const path = join(root, 'compose.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    expect(run(['lint', '--fix'], root).status).toBe(0);
    const fixed = readFileSync(path, 'utf8');
    expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
    expect(fixed).toContain('additional_contexts:\r\n        acme/base: "service:base"\r\n');
  });

  it('keeps the file mode', () => {
    const root = copyFixture('fixtures/fix/forms');
    const path = join(root, 'compose.yaml');
    chmodSync(path, 0o640);
    run(['lint', '--fix'], root);
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('adds the entry of the dependent images page', () => {
    const root = copyFixture('fixtures/dependent-images/service-image-base');
    expect(run(['lint', '--fix'], root).status).toBe(0);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(
      readFileSync(join(copyFixture('fixtures/dependent-images/service-image-base-declared'), 'compose.yaml'), 'utf8')
        .replace(/ *# BuildKit resolves.*\n/, ''),
    );
  });

  it('reports what it cannot fix', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: prod\n',
      Dockerfile: 'FROM alpine AS production\n',
    });
    const result = run(['lint', '--fix'], root);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('missing-build-target');
  });

  it('extends a build that uses a merge key', () => {
    const compose =
      'x-build: &build\n  context: app\n' +
      'services:\n  base:\n    image: acme/base\n    build: base\n  app:\n    build:\n      <<: *build\n';
    const root = writeProject({ 'compose.yaml': compose, 'base/Dockerfile': 'FROM alpine\n', 'app/Dockerfile': 'FROM acme/base\n' });
    expect(run(['lint', '--fix'], root).status).toBe(0);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(
      `${compose}      additional_contexts:\n        acme/base: "service:base"\n`,
    );
  });

  it('extends a shared build alias for one service', () => {
    const compose =
      'x-build: &build\n  context: app\n' +
      'services:\n  base:\n    image: acme/base\n    build: base\n  app:\n    build: *build\n  tool:\n    build: *build\n';
    const root = writeProject({ 'compose.yaml': compose, 'base/Dockerfile': 'FROM alpine\n', 'app/Dockerfile': 'FROM acme/base\n' });
    const plan = run(['plan'], root);
    expect(plan.stdout).toContain('next to the shared *build, which stays unchanged');
    expect(run(['lint', '--fix'], root).status).toBe(0);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(
      compose
        .replace('  app:\n    build: *build\n', '  app:\n    build:\n      <<: *build\n      additional_contexts:\n        acme/base: "service:base"\n')
        .replace('  tool:\n    build: *build\n', '  tool:\n    build:\n      <<: *build\n      additional_contexts:\n        acme/base: "service:base"\n'),
    );
  });

  it('declares no edge of a build cycle', () => {
    const compose = 'services:\n  x:\n    image: acme/x\n    build: x\n  y:\n    image: acme/y\n    build: y\n  z:\n    build: z\n';
    const root = writeProject({
      'compose.yaml': compose,
      'x/Dockerfile': 'FROM acme/y\n',
      'y/Dockerfile': 'FROM acme/x\n',
      'z/Dockerfile': 'FROM acme/x\n',
    });
    const result = run(['lint', '--fix'], root);
    expect(result.stdout).toContain('build-cycle');
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(
      compose.replace('  z:\n    build: z\n', '  z:\n    build:\n      context: z\n      additional_contexts:\n        acme/x: "service:x"\n'),
    );
  });

  it('leaves a service-level merge key alone', () => {
    const compose =
      'x-app: &app\n  build: app\n' +
      'services:\n  base:\n    image: acme/base\n    build: base\n  app:\n    <<: *app\n';
    const root = writeProject({ 'compose.yaml': compose, 'base/Dockerfile': 'FROM alpine\n', 'app/Dockerfile': 'FROM acme/base\n' });
    const result = run(['lint', '--fix'], root);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('undeclared-build-dependency');
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(compose);
  });
});

describe('writeFileAtomically', () => {
  it('rejects a file changed on disk', () => {
    const root = writeProject({ 'compose.yaml': 'services: {}\n' });
    const path = join(root, 'compose.yaml');
    expect(() => writeFileAtomically(path, 'new\n', 'old\n', root)).toThrow(WriteRejected);
    expect(readFileSync(path, 'utf8')).toBe('services: {}\n');
  });

  it('replaces the text', () => {
    const root = writeProject({ 'compose.yaml': 'old\n' });
    const path = join(root, 'compose.yaml');
    writeFileAtomically(path, 'new\n', 'old\n', root);
    expect(readFileSync(path, 'utf8')).toBe('new\n');
  });
});
