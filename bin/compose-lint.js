#!/usr/bin/env -S node --
// The `--` stops Node.js 20 from reading compose-lint's own `--env-file`
// option as its own, which loads the file into the environment or exits with
// code 9 when the file does not exist.
//
// CommonJS (see bin/package.json), because Node.js starts a CommonJS entry
// point several milliseconds sooner than an ES module.
'use strict';

const { join } = require('node:path');

const { runWithCodeCache } = require('../dist/bundle/code-cache.cjs');

// A reader that stops early, such as `head`, closes the pipe. The rest of the
// report is not wanted then, so the write error is ignored and the exit code
// stays the lint's.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});

const bundle = runWithCodeCache(join(__dirname, '../dist/bundle/compose-lint.cjs'));
bundle.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  bundle.saveCache();

  // Exits as soon as the output is written, without tearing down the heap,
  // which takes a few milliseconds. A write's callback runs once the writes
  // before it are done, also where pipes are asynchronous (macOS).
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
