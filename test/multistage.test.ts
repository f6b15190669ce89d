import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { compareBuilds, serviceBuildSide } from '../src/multistage/index.js';
import { copyFixture, expectGolden, repository, run } from './support/cli.js';
import { describeFinding, lintDirectory, writeProject } from './support/project.js';

/** Reads every file under a directory, by slash path relative to it. */
function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) visit(path);
      else files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  visit(root);
  return files;
}

/** Returns the paths whose text differs between two trees, or that only the second has. */
function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([path, text]) => before.get(path) !== text).map(([path]) => path);
}

/**
 * Compares the files a fix changed or created with `test/golden/multistage/<name>/`.
 * With UPDATE_GOLDEN=1 the directory is rewritten from the output.
 */
function expectGoldenTree(name: string, after: Map<string, string>, changed: string[]): void {
  const directory = join(repository, 'test/golden/multistage', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(directory, { recursive: true, force: true });
    for (const path of changed) mkdirSync(dirname(join(directory, path)), { recursive: true });
  }
  for (const path of changed) expectGolden(after.get(path)!, `multistage/${name}/${path}`);
  expect(changed).toEqual([...readTree(directory).keys()]);
}

/** Copies a fixture, applies the unsafe fixes, and returns both trees and the output. */
function fixFixture(name: string, extra: string[] = []) {
  const source = join(repository, 'fixtures/multistage', name);
  const root = copyFixture(`fixtures/multistage/${name}`);
  const result = run(['lint', '--fix', '--unsafe', ...extra], root);
  return { source, root, result, before: readTree(source), after: readTree(root) };
}

const rewritten = ['docs', 'same-context', 'different-contexts', 'arg-from', 'multi-stage', 'heredocs'];

describe.each(rewritten)('multi-stage rewrite of %s', (name) => {
  it('writes the expected files', () => {
    const { result, before, after } = fixFixture(name);
    expect(result.status).toBe(0);
    expectGoldenTree(name, after, changedPaths(before, after));
  });

  it('keeps what each service builds', () => {
    const { source, root } = fixFixture(name);
    const old = lintDirectory(source);
    const next = lintDirectory(root);
    for (const service of old.analysis.builds.map((build) => build.service.name)) {
      const before = serviceBuildSide(old.analysis, service, source)!;
      const after = serviceBuildSide(next.analysis, service, root)!;
      expect(compareBuilds(before, after), service).toBeUndefined();
    }
  });

  it('lints clean afterwards', () => {
    const { root } = fixFixture(name);
    expect(lintDirectory(root).findings.map((finding) => describeFinding(root, finding))).toEqual([]);
  });

  it('changes nothing the second time', () => {
    const { root, after } = fixFixture(name);
    const second = run(['lint', '--fix', '--unsafe'], root);
    expect(second.stderr).toBe('');
    expect(readTree(root)).toEqual(after);
  });
});

describe('multi-stage rewrite of the dependent images page', () => {
  it('writes base and service stages', () => {
    const { root } = fixFixture('docs');
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('FROM alpine AS base\nRUN /bin/sh -c apk add --update --no-cache openssl\n');
    expect(dockerfile).toContain('\nFROM base AS a\n');
    expect(dockerfile).toContain('\nFROM base AS b\n');
  });

  it('sets a target per service', () => {
    const { root } = fixFixture('docs');
    const compose = readFileSync(join(root, 'compose.yaml'), 'utf8');
    expect(compose).toContain('      dockerfile: Dockerfile\n      target: a\n');
    expect(compose).toContain('      dockerfile: Dockerfile\n      target: b\n');
  });

  it('keeps the old Dockerfiles', () => {
    const { root } = fixFixture('docs');
    expect(existsSync(join(root, 'a.Dockerfile'))).toBe(true);
    expect(existsSync(join(root, 'b.Dockerfile'))).toBe(true);
  });
});

describe('lint --fix --unsafe', () => {
  it('reports the files it wrote', () => {
    const { result } = fixFixture('different-contexts');
    expect(result.stderr).toBe('compose-lint: applied 1 fix to 3 files\n');
  });

  it('never overwrites an existing Dockerfile', () => {
    const root = copyFixture('fixtures/multistage/docs');
    writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\n');
    expect(run(['lint', '--fix', '--unsafe'], root).status).toBe(0);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toContain('dockerfile: multistage.Dockerfile');
  });

  it('deletes unused Dockerfiles with --remove-old', () => {
    const { root, result } = fixFixture('arg-from', ['--remove-old']);
    expect(result.status).toBe(0);
    expect(existsSync(join(root, 'jobs/Dockerfile'))).toBe(false);
  });

  it('keeps a Dockerfile another service builds', () => {
    const { root } = fixFixture('arg-from', ['--remove-old']);
    expect(readFileSync(join(root, 'api/Dockerfile'), 'utf8')).toBe(readFileSync(join(repository, 'fixtures/multistage/arg-from/api/Dockerfile'), 'utf8'));
  });
});

describe('lint --fix without --unsafe', () => {
  it('leaves duplicated Dockerfiles alone', () => {
    const root = copyFixture('fixtures/multistage/docs');
    const result = run(['lint', '--fix'], root);
    expect(result.stderr).toBe('');
    expect(readTree(root)).toEqual(readTree(join(repository, 'fixtures/multistage/docs')));
  });
});

describe('lint --fix-dry-run --unsafe', () => {
  it('prints new files against /dev/null', () => {
    const root = copyFixture('fixtures/multistage/different-contexts');
    const result = run(['lint', '--fix-dry-run', '--unsafe', '--remove-old'], root);
    expect(result.status).toBe(0);
    expectGolden(result.stdout, 'multistage/different-contexts.diff');
  });

  it('writes nothing', () => {
    const root = copyFixture('fixtures/multistage/different-contexts');
    run(['lint', '--fix-dry-run', '--unsafe', '--remove-old'], root);
    expect(readTree(root)).toEqual(readTree(join(repository, 'fixtures/multistage/different-contexts')));
  });
});

describe('rejected multi-stage rewrite', () => {
  it('writes nothing', () => {
    const { before, after } = fixFixture('rejected');
    expect(after).toEqual(before);
  });

  it('reports the reason', () => {
    const { result } = fixFixture('rejected');
    expect(result.stdout).toContain(
      'build the context . with different ignore rules (api.Dockerfile.dockerignore and worker.Dockerfile.dockerignore)',
    );
  });

  it('plans a base service instead', () => {
    const root = copyFixture('fixtures/multistage/rejected');
    const result = run(['plan'], root);
    expect(result.status).toBe(0);
    expectGolden(result.stdout, 'multistage/rejected.plan.md');
  });
});

describe('compareBuilds', () => {
  it('finds a dropped ignore file', () => {
    const { source, root } = fixFixture('different-contexts');
    rmSync(join(root, 'Dockerfile.dockerignore'));
    const before = serviceBuildSide(lintDirectory(source).analysis, 'api', source)!;
    const after = serviceBuildSide(lintDirectory(root).analysis, 'api', root)!;
    expect(compareBuilds(before, after)).toMatch(/^instruction 5 would change from `COPY @@files-/);
  });

  it('finds a changed base stage', () => {
    const { source, root } = fixFixture('docs');
    const path = join(root, 'Dockerfile');
    writeFileSync(path, readFileSync(path, 'utf8').replace('openssl\n', 'openssl curl\n'));
    const before = serviceBuildSide(lintDirectory(source).analysis, 'b', source)!;
    const after = serviceBuildSide(lintDirectory(root).analysis, 'b', root)!;
    expect(compareBuilds(before, after)).toBe(
      'instruction 2 would change from `RUN /bin/sh -c apk add --update --no-cache openssl` to ' +
        '`RUN /bin/sh -c apk add --update --no-cache openssl curl`',
    );
  });

  it('finds a stage ARG out of scope', () => {
    const dockerfile = (name: string): string => `FROM alpine\nARG MODE=fast\nRUN echo "$MODE" > /mode\nRUN echo ${name} > /name\n`;
    const files = {
      'compose.yaml': 'services:\n  a:\n    build:\n      dockerfile: a.Dockerfile\n  b:\n    build:\n      dockerfile: b.Dockerfile\n',
      'a.Dockerfile': dockerfile('a'),
      'b.Dockerfile': dockerfile('b'),
    };
    const source = writeProject(files);
    const root = writeProject(files);
    run(['lint', '--fix', '--unsafe'], root);
    const path = join(root, 'Dockerfile');
    writeFileSync(path, readFileSync(path, 'utf8').replace('FROM base AS a\nARG MODE=fast\n', 'FROM base AS a\n'));

    const before = serviceBuildSide(lintDirectory(source).analysis, 'a', source)!;
    const after = serviceBuildSide(lintDirectory(root).analysis, 'a', root)!;
    expect(compareBuilds(before, after)).toBe(
      'instruction 4 would change from `RUN echo a > /name` to `(a new stage, where the ARGs of the stage before are not set)`',
    );
  });
});

describe('multi-stage rewrite of a shared ARG', () => {
  it('repeats the ARG per stage', () => {
    const dockerfile = (name: string): string => `FROM alpine\nARG MODE=fast\nRUN echo "$MODE" > /mode\nRUN echo ${name} > /name\n`;
    const root = writeProject({
      'compose.yaml': 'services:\n  a:\n    build:\n      dockerfile: a.Dockerfile\n  b:\n    build:\n      dockerfile: b.Dockerfile\n',
      'a.Dockerfile': dockerfile('a'),
      'b.Dockerfile': dockerfile('b'),
    });
    expect(run(['lint', '--fix', '--unsafe'], root).status).toBe(0);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe(
      'FROM alpine AS base\nARG MODE=fast\nRUN echo "$MODE" > /mode\n\n' +
        'FROM base AS a\nARG MODE=fast\nRUN echo a > /name\n\n' +
        'FROM base AS b\nARG MODE=fast\nRUN echo b > /name\n',
    );
  });
});
