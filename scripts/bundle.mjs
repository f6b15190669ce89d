// Bundles the command line into dist/bundle/compose-lint.cjs, one CommonJS
// file with the compose schema validator inside, and writes V8's code cache
// for it by linting a small generated project. bin/compose-lint.js runs
// the bundle through that cache (src/cli/code-cache.ts), so a run starts
// without parsing or compiling the code it needs. Node.js starts one cached
// file much faster than the few hundred modules of the compiled sources and
// their dependencies.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const repository = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(repository, 'dist/bundle');

/** Replaces the validator's run-time require with a static import, so esbuild bundles the generated file. */
const bundleValidator = {
  name: 'bundle-validator',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/]project[\\/]validator-module\.ts$/ }, () => ({
      contents:
        "import validators from '../../dist/schema/validate-compose.cjs';\n" +
        'export function requireValidatorModule(): unknown { return validators; }\n',
      loader: 'ts',
      resolveDir: join(repository, 'src/project'),
    }));
  },
};

/**
 * Leaves the Graphviz module to its own file: it contains its WebAssembly as
 * almost a megabyte of text, needed only to draw an SVG graph.
 */
const separateGraphviz = {
  name: 'separate-graphviz',
  setup(builder) {
    builder.onResolve({ filter: /^@hpcc-js\/wasm-graphviz$/ }, () => ({ path: './graphviz.cjs', external: true }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

const bundleFile = join(outdir, 'compose-lint.cjs');
rmSync(outdir, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: [join(repository, 'src/cli/main.ts')],
  outfile: bundleFile,
  format: 'cjs',
  // Every import() becomes a require(), which a script run from the code
  // cache has; import() there needs an experimental Node.js feature.
  supported: { 'dynamic-import': false },
  plugins: [bundleValidator, separateGraphviz],
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The build identifier names the bundle a code cache was made for.
const digest = createHash('sha1').update(readFileSync(bundleFile)).digest('hex');
appendFileSync(bundleFile, `// build ${digest}\n`);

await build({
  ...common,
  entryPoints: [join(repository, 'node_modules/@hpcc-js/wasm-graphviz/dist/index.js')],
  outfile: join(outdir, 'graphviz.cjs'),
  format: 'cjs',
  sourcemap: false,
});

await build({
  ...common,
  entryPoints: [join(repository, 'src/cli/code-cache.ts')],
  outfile: join(outdir, 'code-cache.cjs'),
  format: 'cjs',
});

// Lints a small project that uses the common build features, once with the
// default report and once as JSON, in one process that then writes the
// cache. Every function those runs compiled is in it.
const project = mkdtempSync(join(tmpdir(), 'compose-lint-cache-'));
const files = {
  'compose.yaml': [
    'name: cache',
    'x-defaults: &defaults',
    '  environment:',
    '    LOG_LEVEL: ${LOG_LEVEL:-info}',
    'services:',
    '  base:',
    '    image: cache/base:latest',
    '    build: ./base',
    '  app:',
    '    <<: *defaults',
    '    build:',
    '      context: ./app',
    '      target: runtime',
    '      args:',
    '        VERSION: "1.0"',
    '      additional_contexts:',
    '        cache/base: "service:base"',
    '    depends_on: [base]',
    '    ports:',
    '      - "8080:8080"',
    '  worker:',
    '    build:',
    '      context: ./app',
    '      dockerfile: worker.Dockerfile',
    '',
  ].join('\n'),
  'base/Dockerfile': '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN apk add --no-cache curl\n',
  'app/Dockerfile': [
    '# syntax=docker/dockerfile:1',
    'ARG VERSION=dev',
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY Makefile ./',
    'RUN --mount=type=cache,target=/root/.cache/go-build make VERSION=${VERSION}',
    '',
    'FROM cache/base AS runtime',
    'COPY --from=build /src/app /app',
    'RUN <<EOF',
    'echo ready',
    'EOF',
    'CMD ["/app"]',
    '',
  ].join('\n'),
  'app/worker.Dockerfile': 'FROM cache/base\nCOPY missing.txt /\n',
  'app/Makefile': 'all:\n',
  'app/.dockerignore': '.git\n',
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(join(project, name, '..'), { recursive: true });
  writeFileSync(join(project, name), text);
}

const driver = join(project, 'train.cjs');
writeFileSync(
  driver,
  `const { runWithCodeCache } = require(${JSON.stringify(join(outdir, 'code-cache.cjs'))});
const bundle = runWithCodeCache(${JSON.stringify(bundleFile)});
const io = { stdout() {}, stderr() {}, cwd: ${JSON.stringify(project)}, env: {}, isTTY: false };
(async () => {
  const codes = [await bundle.exports.main([io.cwd], io), await bundle.exports.main(['--format', 'json', io.cwd], io)];
  bundle.saveCache();
  process.stdout.write(JSON.stringify(codes));
})();
`,
);
const run = spawnSync(process.execPath, [driver], { encoding: 'utf8' });
rmSync(project, { recursive: true, force: true });
if (run.stdout !== '[1,1]') {
  throw new Error(`the code cache runs should report findings and exit 1, but printed ${run.stdout}: ${run.stderr}`);
}
