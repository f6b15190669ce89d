import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

import { rules } from '../../rules/index.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { parseDockerfile } from '../../src/dockerfile/index.js';
import type { Rule } from '../../src/engine/rule.js';
import { WriteRejected, writeFileAtomically } from '../../src/fix/write.js';
import { copyFixture, run } from '../support/cli.js';
import { writeProject } from '../support/project.js';

/** Service `app` builds from the image `acme/base` that service `base` builds, without declaring it: one safe fix. */
const dependentCompose = 'services:\n  base:\n    image: acme/base\n    build: base\n  app:\n    build: app\n';
const dependentFiles = { 'base/Dockerfile': 'FROM alpine\n', 'app/Dockerfile': 'FROM acme/base\n' };
const fixedApp = '  app:\n    build:\n      context: app\n      additional_contexts:\n        acme/base: "service:base"\n';

/** Creates an `Io` that keeps what a command prints. */
function recordingIo(cwd: string): Io & { printed: { stdout: string; stderr: string } } {
  const printed = { stdout: '', stderr: '' };
  return {
    printed,
    stdout: (text) => void (printed.stdout += text),
    stderr: (text) => void (printed.stderr += text),
    cwd,
    env: {},
    isTTY: false,
  };
}

/** Returns the messages of every YAML error of a text. */
function yamlErrors(text: string): string[] {
  return parseAllDocuments(text).flatMap((document) => ('errors' in document ? document.errors.map((error) => error.message) : []));
}

describe('fix write', () => {
  it.each(['666', '664', '640', '600', '755'])('keeps mode %s', (octal) => {
    const mode = Number.parseInt(octal, 8);
    const root = writeProject({ 'compose.yaml': dependentCompose, ...dependentFiles });
    const path = join(root, 'compose.yaml');
    chmodSync(path, mode);
    expect(run(['lint', '--fix'], root).status).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('acme/base: "service:base"');
    expect(statSync(path).mode & 0o7777).toBe(mode);
  });

  it('leaves no temporary file', () => {
    const root = writeProject({ 'compose.yaml': dependentCompose, ...dependentFiles });
    run(['lint', '--fix'], root);
    expect(readdirSync(root).sort()).toEqual(['app', 'base', 'compose.yaml']);
  });

  it('keeps the byte order mark', () => {
    const root = writeProject({ 'compose.yaml': `\uFEFF${dependentCompose}`, ...dependentFiles });
    expect(run(['lint', '--fix'], root).status).toBe(0);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(`\uFEFF${dependentCompose.replace('  app:\n    build: app\n', fixedApp)}`);
  });

  it('reports a blocked temporary file', () => {
    const root = writeProject({ 'compose.yaml': 'old\n' });
    const path = join(root, 'compose.yaml');
    mkdirSync(join(root, `.compose.yaml.compose-lint-${process.pid}.tmp`));
    expect(() => writeFileAtomically(path, 'new\n', 'old\n', root)).toThrow(WriteRejected);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
  });
});

describe('fix of a changed file', () => {
  it('rejects a file changed meanwhile', async () => {
    const root = writeProject({ 'compose.yaml': dependentCompose, ...dependentFiles });
    const path = join(root, 'compose.yaml');
    const edited = `# edited while compose-lint runs\n${dependentCompose}`;

    // Runs after the project is read and the fix computed, and changes the file once.
    let changed = false;
    const editor: Rule = {
      meta: { id: 'edit-compose-file', severity: 'info', description: 'Changes the compose file on disk.', fixable: false },
      *check() {
        if (!changed) writeFileSync(path, edited);
        changed = true;
      },
    };
    const io = recordingIo(root);
    const code = await main(['lint', '--fix', root], io, { rules: [...rules, editor] });

    expect(code).toBe(2);
    expect(io.printed.stderr).toBe(`compose-lint: ${path} changed on disk while compose-lint was running; run it again\n`);
    expect(readFileSync(path, 'utf8')).toBe(edited);
  });
});

describe('fix outside the project', () => {
  /** Writes a project whose override file, outside the project directory, sets the build of `app`. */
  function writeOutsideOverride(): { root: string; override: string } {
    const root = writeProject({ 'compose.yaml': `${dependentCompose}  web:\n    build: app\n`, ...dependentFiles });
    const override = join(root, '..', 'shared', 'override.yaml');
    mkdirSync(join(root, '..', 'shared'));
    writeFileSync(override, 'services:\n  app:\n    build:\n      context: app\n');
    return { root, override };
  }

  it('rejects an edit outside', () => {
    const { root, override } = writeOutsideOverride();
    const result = run(['lint', '--fix', '-f', 'compose.yaml', '-f', override], root);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`compose-lint: ${override} is outside the project directory ${root}; compose-lint only changes files inside it\n`);
  });

  it('writes no file then', () => {
    const { root, override } = writeOutsideOverride();
    const before = readFileSync(join(root, 'compose.yaml'), 'utf8');
    run(['lint', '--fix', '-f', 'compose.yaml', '-f', override], root);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(before);
    expect(readFileSync(override, 'utf8')).toBe('services:\n  app:\n    build:\n      context: app\n');
  });

  it('rejects a link leading outside', () => {
    const root = writeProject({ ...dependentFiles });
    const target = join(root, '..', 'elsewhere.yaml');
    writeFileSync(target, dependentCompose);
    symlinkSync(target, join(root, 'compose.yaml'));

    const result = run(['lint', '--fix'], root);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${join(root, 'compose.yaml')} is outside the project directory ${root} (it is a link to ${target})`);
    expect(readFileSync(target, 'utf8')).toBe(dependentCompose);
  });
});

describe('fix through a link', () => {
  it('writes the target inside', () => {
    const root = writeProject({ 'deploy/compose.yaml': dependentCompose, ...dependentFiles });
    symlinkSync('deploy/compose.yaml', join(root, 'compose.yaml'));
    expect(run(['lint', '--fix'], root).status).toBe(0);
    expect(readFileSync(join(root, 'deploy/compose.yaml'), 'utf8')).toBe(dependentCompose.replace('  app:\n    build: app\n', fixedApp));
  });

  it('keeps the link', () => {
    const root = writeProject({ 'deploy/compose.yaml': dependentCompose, ...dependentFiles });
    symlinkSync('deploy/compose.yaml', join(root, 'compose.yaml'));
    run(['lint', '--fix'], root);
    expect(lstatSync(join(root, 'compose.yaml')).isSymbolicLink()).toBe(true);
  });
});

describe('fix with unfixable errors', () => {
  /** A fixable dependency beside errors no fix removes: a missing target, an unknown context service, a missing source and a syntax error. */
  const files = {
    'compose.yaml': [
      'services:',
      '  base:',
      '    image: acme/base',
      '    build: base',
      '  app:',
      '    build:',
      '      context: app',
      '      target: missing-stage',
      '  tool:',
      '    build:',
      '      context: tool',
      '      additional_contexts:',
      '        other: "service:nowhere"',
      '',
    ].join('\n'),
    'base/Dockerfile': 'FROM alpine\nCOPY missing.txt /\n',
    'app/Dockerfile': 'FROM acme/base AS build\nRUNN make\n',
    'tool/Dockerfile': 'FROM acme/base\nFROM\n',
  };

  it('writes valid YAML', () => {
    const root = writeProject(files);
    const result = run(['lint', '--fix'], root);
    expect(result.status).toBe(1);
    const compose = readFileSync(join(root, 'compose.yaml'), 'utf8');
    expect(compose).toContain('acme/base: "service:base"');
    expect(yamlErrors(compose)).toEqual([]);
  });

  it('leaves Dockerfiles unchanged', () => {
    const root = writeProject(files);
    run(['lint', '--fix'], root);
    for (const path of ['base/Dockerfile', 'app/Dockerfile', 'tool/Dockerfile']) {
      expect(readFileSync(join(root, path), 'utf8')).toBe(files[path as keyof typeof files]);
    }
  });

  it.each(['fixtures/multistage/same-context', 'fixtures/multistage/multi-stage', 'fixtures/multistage/heredocs'])(
    'writes valid files with --unsafe in %s',
    (fixture) => {
      const root = copyFixture(fixture);
      const result = run(['lint', '--fix', '--unsafe'], root);
      expect(result.status).not.toBe(2);

      for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
        const path = join(root, entry);
        if (!statSync(path).isFile()) continue;
        if (/\.ya?ml$/.test(entry)) expect(yamlErrors(readFileSync(path, 'utf8')), entry).toEqual([]);
        if (/Dockerfile$/.test(entry)) {
          const syntax = parseDockerfile(readFileSync(path, 'utf8'), path).findings.filter((finding) => finding.ruleId === 'dockerfile-syntax');
          expect(syntax.map((finding) => finding.message), entry).toEqual([]);
        }
      }
    },
  );
});
