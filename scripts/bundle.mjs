// Bundles the command line into dist/bundle/, one module for the lint path
// plus a chunk for each part loaded only on demand (the language server,
// the SVG renderer, the report formats). Node starts one file much faster
// than the few hundred modules the compiled sources and their dependencies
// are made of.

import { build } from 'esbuild';

await build({
  entryPoints: { 'compose-lint': 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies call require(), which ES modules do not define.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
