#!/usr/bin/env node
// Times compose-lint against dclint and against Node's own start-up on
// synthetic projects of 20, 200 and 2,000 services, alternating the tools on
// each run so that machine noise hits them alike. Prints medians, ratios and
// peak memory. Not part of `npm test`.
//
// Usage: npm run bench [-- --runs N] [-- --sizes 20,200]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { generateProject } from './bench/generate.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string' }, sizes: { type: 'string' } } });
const sizes = (values.sizes ?? '20,200,2000').split(',').map(Number);
const repository = fileURLToPath(new URL('..', import.meta.url));
const rssPreload = join(repository, 'scripts/bench/max-rss.cjs');

const tools = {
  'node -e 0': (compose) => [process.execPath, ['-e', '0']],
  'compose-lint': (compose) => [process.execPath, [join(repository, 'bin/compose-lint.js'), '--format', 'json', '-f', compose]],
  dclint: (compose) => [process.execPath, [join(repository, 'node_modules/dclint/bin/dclint.cjs'), '-f', 'json', compose]],
};

function time(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return milliseconds;
}

function peakMemory(command, args) {
  const file = join(tmpdir(), `compose-lint-rss-${process.pid}`);
  writeFileSync(file, '');
  spawnSync(command, ['-r', rssPreload, ...args], { env: { ...process.env, BENCH_RSS_FILE: file }, maxBuffer: 1 << 30 });
  const kilobytes = Math.max(...readFileSync(file, 'utf8').trim().split('\n').map(Number));
  rmSync(file);
  return kilobytes / 1024;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

console.log(`compose-lint benchmark, ${new Date().toISOString().slice(0, 10)}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);

const workspace = mkdtempSync(join(tmpdir(), 'compose-lint-bench-'));
for (const size of sizes) {
  const compose = generateProject(join(workspace, String(size)), size);
  const runs = Number(values.runs ?? (size >= 2000 ? 5 : 15));
  const samples = Object.fromEntries(Object.keys(tools).map((name) => [name, []]));

  // One untimed run each warms the file cache.
  for (const tool of Object.values(tools)) time(...tool(compose));
  for (let run = 0; run < runs; run++) {
    for (const [name, tool] of Object.entries(tools)) samples[name].push(time(...tool(compose)));
  }

  const medians = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, median(list)]));
  console.log(`\n${size} services (${runs} runs each, median wall time)`);
  for (const [name, tool] of Object.entries(tools)) {
    const memory = peakMemory(...tool(compose));
    console.log(`  ${name.padEnd(13)} ${medians[name].toFixed(0).padStart(6)} ms   peak ${memory.toFixed(0).padStart(4)} MB`);
  }
  console.log(`  compose-lint / dclint    ${(medians['compose-lint'] / medians.dclint).toFixed(2)}`);
  console.log(`  compose-lint / node -e 0 ${(medians['compose-lint'] / medians['node -e 0']).toFixed(2)}`);
}
rmSync(workspace, { recursive: true, force: true });
// Other processes on the machine slow every tool; a load average near the
// number of cores or above means the times above are inflated.
console.log(`\nload average at the end: ${loadavg()[0].toFixed(1)}`);
