#!/usr/bin/env -S node --
// The `--` stops Node.js 20 from reading compose-lint's own `--env-file`
// option as its own, which loads the file into the environment or exits with
// code 9 when the file does not exist.
import { main } from '../dist/bundle/compose-lint.js';

process.exitCode = await main(process.argv.slice(2));
