import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { rules } from '../rules/index.js';
import { parseDockerfile } from '../src/dockerfile/index.js';
import { projectUrl } from '../src/engine/rule.js';
import { repository } from './support/cli.js';

interface Manifest {
  name: string;
  version: string;
  license: string;
  files: string[];
  bin: Record<string, string>;
  engines: { node: string };
  exports: Record<string, unknown>;
  repository: { type: string; url: string };
  keywords: string[];
}

const manifest = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as Manifest;

function npm(args: string[], cwd: string) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** Lists the files that `npm pack` puts in the package, from its JSON report. */
function packedFiles(): string[] {
  const [report] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], repository)) as Array<{ files: Array<{ path: string }> }>;
  return report!.files.map((file) => file.path);
}

describe('package manifest', () => {
  it('runs the bin through dist', () => {
    expect(manifest.bin).toEqual({ 'compose-lint': 'bin/compose-lint.js' });
  });

  it('exports the library with types', () => {
    expect(manifest.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
  });

  it('names the repository of the docs links', () => {
    expect(manifest.repository.url).toBe(`git+${projectUrl}.git`);
  });

  it('requires Node.js 20', () => {
    expect(manifest.engines.node).toBe('>=20.19');
  });

  it('has keywords', () => {
    expect(manifest.keywords).toContain('docker-compose');
  });

  it('has an MIT license file', () => {
    const license = readFileSync(join(repository, 'LICENSE'), 'utf8');
    expect(manifest.license).toBe('MIT');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} compose-lint contributors\n/);
  });

  it('has a changelog with an Unreleased section', () => {
    expect(readFileSync(join(repository, 'CHANGELOG.md'), 'utf8')).toMatch(/\n## \[Unreleased\]\n\n### Added\n/);
  });
});

describe('npm pack', () => {
  const files = packedFiles();

  it.each([['bin/compose-lint.js'], ['bin/package.json'], ['dist/bundle/compose-lint.cjs'], ['dist/src/index.js'], ['dist/src/index.d.ts'], ['dist/src/cli/main.js'], ['README.md'], ['LICENSE'], ['CHANGELOG.md'], ['package.json']])(
    'includes %s',
    (file) => {
      expect(files).toContain(file);
    },
  );

  it('includes every rule page', () => {
    const pages = rules.map((rule) => `rules/${rule.meta.id}.md`);
    expect(files.filter((file) => file.startsWith('rules/'))).toEqual(expect.arrayContaining(pages));
  });

  it.each([['test/'], ['fixtures/'], ['src/'], ['examples/'], ['node_modules/'], ['rules/index.ts']])('leaves out %s', (prefix) => {
    expect(files.filter((file) => file.startsWith(prefix))).toEqual([]);
  });

  it('leaves out source maps', () => {
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  });
});

describe('installed package', () => {
  // Packs the built tree, installs the tarball into an empty project with the
  // registry client (from its cache when it can) and runs it as a user would.
  it('runs the command and the library', { timeout: 300_000 }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'compose-lint-package-'));
    const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', directory], repository)) as Array<{ filename: string }>;
    writeFileSync(join(directory, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(directory, packed!.filename)], directory);

    const binary = join(directory, 'node_modules/.bin/compose-lint');
    const version = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(manifest.version);

    const project = join(directory, 'service-image-base');
    cpSync(join(repository, 'fixtures/dependent-images/service-image-base'), project, { recursive: true });
    const lintRun = spawnSync(binary, ['--format', 'compact', project], { cwd: directory, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(lintRun.status).toBe(1);
    expect(lintRun.stdout).toMatch(/b\.Dockerfile:1:6: error .*\[undeclared-build-dependency\]/);

    const script = [
      "import { lint, rules, ruleDocsUrl } from 'compose-lint';",
      `const { findings } = lint({ path: ${JSON.stringify(project)}, config: { rules: { 'undeclared-build-dependency': 'warn' } } });`,
      "console.log(JSON.stringify({ rules: rules.length, findings: findings.map((finding) => `${finding.ruleId} ${finding.severity}`), docs: ruleDocsUrl('build-cycle') }));",
    ].join('\n');
    writeFileSync(join(directory, 'use.mjs'), script);
    const library = spawnSync(process.execPath, ['use.mjs'], { cwd: directory, encoding: 'utf8' });
    expect(library.stderr).toBe('');
    expect(JSON.parse(library.stdout)).toEqual({
      rules: rules.length,
      findings: ['undeclared-build-dependency warning'],
      docs: `${projectUrl}/blob/main/rules/build-cycle.md`,
    });

    expect(existsSync(join(directory, 'node_modules/compose-lint/dist/src/index.d.ts'))).toBe(true);
  });
});

describe('GitHub Action', () => {
  const action = parse(readFileSync(join(repository, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: Array<{ name?: string; uses?: string; run?: string; if?: string; 'working-directory'?: string; with?: Record<string, string> }> };
  };
  const steps = action.runs.steps;

  it('is a composite action', () => {
    expect(action.runs.using).toBe('composite');
  });

  it.each([['path', '.'], ['format', 'github']])('has input %s', (name, fallback) => {
    expect(action.inputs[name]?.default).toBe(fallback);
  });

  it('sets up Node.js', () => {
    expect(steps[0]?.uses).toMatch(/^actions\/setup-node@v\d+$/);
  });

  it('installs from its own checkout', () => {
    const install = steps.find((step) => step.name === 'Install compose-lint');
    expect(install?.['working-directory']).toBe('${{ github.action_path }}');
    expect(install?.run).toContain('npm ci');
  });

  it('runs compose-lint from its checkout', () => {
    expect(steps.some((step) => step.run?.includes('node -- "$GITHUB_ACTION_PATH/bin/compose-lint.js" lint --format "$LINT_FORMAT"'))).toBe(true);
  });

  it('uploads SARIF only for the sarif format', () => {
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toContain("inputs.format == 'sarif'");
    expect(upload?.with?.sarif_file).toBe('${{ inputs.sarif-file }}');
  });
});

describe('pre-commit hook', () => {
  const [hook] = parse(readFileSync(join(repository, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
    id: string;
    entry: string;
    language: string;
    files: string;
    pass_filenames: boolean;
  }>;
  const pattern = new RegExp(hook!.files);

  it('runs compose-lint with node', () => {
    expect(hook).toMatchObject({ id: 'compose-lint', entry: 'compose-lint', language: 'node', pass_filenames: false });
  });

  it.each([
    ['compose.yaml'],
    ['deploy/compose.override.yml'],
    ['docker-compose.prod.yaml'],
    ['Dockerfile'],
    ['api/Dockerfile.dev'],
    ['web/build.Dockerfile'],
    ['svc/dockerfile'],
    ['.compose-lint.yaml'],
    ['.env'],
  ])('matches %s', (path) => {
    expect(pattern.test(path)).toBe(true);
  });

  it.each([['README.md'], ['src/compose.ts'], ['values.yaml'], ['.envrc'], ['docs/Dockerfile.md']])('skips %s', (path) => {
    expect(pattern.test(path)).toBe(false);
  });
});

describe('container image', () => {
  const text = readFileSync(join(repository, 'Dockerfile'), 'utf8');
  const model = parseDockerfile(text, join(repository, 'Dockerfile'));

  it('parses without findings', () => {
    expect(model.findings).toEqual([]);
  });

  it('builds and runs on node:20-alpine', () => {
    expect(model.stages.map((stage) => stage.base.text)).toEqual(['node:20-alpine', 'node:20-alpine']);
    expect(model.stages[0]!.name).toBe('build');
  });

  it('installs production dependencies only at run time', () => {
    expect(text).toMatch(/\nRUN npm ci --omit=dev /);
  });

  it('enters compose-lint in /work', () => {
    const runtime = model.stages[1]!.instructions.map((instruction) => instruction.normalizedText);
    expect(runtime.at(-1)).toBe('ENTRYPOINT ["node", "--", "/opt/compose-lint/bin/compose-lint.js"]');
    expect(runtime.at(-2)).toBe('WORKDIR /work');
  });

  it('copies paths that exist', () => {
    const sources = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1]!.split(' '));
    for (const source of sources) {
      const path = source.replace('/*.md', '');
      expect(existsSync(join(repository, path)), source).toBe(true);
    }
  });
});
