#!/usr/bin/env node
// Lints every Compose project under a directory (for example a local clone of
// docker/awesome-compose) with the built command line, and prints each
// project's exit code and findings. Fails only when compose-lint crashes or
// exits 2, so it finds crashes and input errors across many real projects.
//
// Usage: node scripts/lint-corpus.mjs DIR

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const composeNames = new Set(['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml']);
const binary = fileURLToPath(new URL('../bin/compose-lint.js', import.meta.url));

function* projectDirectories(directory) {
  const entries = readdirSync(directory, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && composeNames.has(entry.name))) yield directory;
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      yield* projectDirectories(join(directory, entry.name));
    }
  }
}

const root = process.argv[2];
if (root === undefined) {
  console.error('usage: node scripts/lint-corpus.mjs DIR');
  process.exit(2);
}

let failures = 0;
let projects = 0;
for (const directory of projectDirectories(root)) {
  projects++;
  const result = spawnSync(process.execPath, [binary, '--format', 'json', directory], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
  });
  const name = relative(root, directory) || '.';
  if (result.status !== 0 && result.status !== 1) {
    failures++;
    console.log(`${name}: exit ${result.status}: ${result.stderr.trim()}`);
    continue;
  }

  const messages = JSON.parse(result.stdout).flatMap((file) =>
    file.messages.map((message) => `${relative(directory, file.filePath)}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`),
  );
  console.log(`${name}: exit ${result.status}${messages.length === 0 ? '' : `\n  ${messages.join('\n  ')}`}`);
}

console.log(`\n${projects} projects, ${failures} exited 2`);
process.exitCode = failures === 0 ? 0 : 1;
