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

const bundle = runWithCodeCache(join(__dirname, '../dist/bundle/compose-lint.cjs'));
bundle.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  bundle.saveCache();
});
