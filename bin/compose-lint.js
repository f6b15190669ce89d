#!/usr/bin/env -S node --
// The `--` stops Node.js 20 from reading compose-lint's own `--env-file`
// option as its own, which loads the file into the environment or exits with
// code 9 when the file does not exist.
import { fileURLToPath } from 'node:url';

import { runWithCodeCache } from '../dist/bundle/code-cache.js';

const bundle = runWithCodeCache(fileURLToPath(new URL('../dist/bundle/compose-lint.cjs', import.meta.url)));
process.exitCode = await bundle.exports.main(process.argv.slice(2));
bundle.saveCache();
