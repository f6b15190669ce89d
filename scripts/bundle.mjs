// Bundles the command line into dist/bundle/compose-lint.cjs, one CommonJS
// file with the compose schema validator inside, and writes V8's code cache
// for it by linting a small generated project once. bin/compose-lint.js runs
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

// One lint of a project with a build dependency, a stage target and a
// finding runs the common path. The cache is written when that run ends.
const project = mkdtempSync(join(tmpdir(), 'compose-lint-cache-'));
const files = {
  'compose.yaml': 'services:\n  base:\n    build: ./base\n    image: base\n  app:\n    build:\n      context: ./app\n      target: runtime\n',
  'base/Dockerfile': 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
  'app/Dockerfile': 'FROM base AS build\nCOPY . /src\nRUN make\n\nFROM alpine:3.20 AS runtime\nCOPY --from=build /src/app /app\n',
  'app/Makefile': 'all:\n',
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(join(project, name, '..'), { recursive: true });
  writeFileSync(join(project, name), text);
}
const run = spawnSync(process.execPath, [join(repository, 'bin/compose-lint.js'), project], { encoding: 'utf8' });
rmSync(project, { recursive: true, force: true });
if (run.status !== 1) {
  throw new Error(`the code cache run should report one finding and exit 1, but exited ${run.status}: ${run.stderr}`);
}
