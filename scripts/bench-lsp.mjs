#!/usr/bin/env node
// Times the language server from a change notification to the diagnostics
// it publishes for the changed file, on generated projects where every
// service builds a Dockerfile and most of them build on another service's
// image. Two edits are timed: one to a Dockerfile, after which the server
// parses only that Dockerfile, and one to the compose file, after which it
// loads the whole project again. Prints the median and the 95th
// percentile. Run `npm run build` first. Not part of `npm test`.
//
// Usage: node scripts/bench-lsp.mjs [--runs N] [--sizes 50,200]

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

import { generateProject } from './bench/generate.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string' }, sizes: { type: 'string' } } });
const runs = Number(values.runs ?? 30);
const sizes = (values.sizes ?? '50,200').split(',').map(Number);
const warmupRuns = 3;
const repository = fileURLToPath(new URL('..', import.meta.url));

/**
 * Sets the times of every file and directory under `root` a minute back, as
 * in a project where only the file being edited changes. The server trusts
 * a file's earlier text only when its stat is older than the timestamp
 * resolution of a file system, which a project generated a moment ago is not.
 */
function settleFiles(root) {
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    utimesSync(join(entry.parentPath ?? entry.path, entry.name), minuteAgo, minuteAgo);
  }
  utimesSync(root, minuteAgo, minuteAgo);
}

/** Starts a server process and returns a way to await its next publication for a URI. */
function startServer() {
  const child = spawn(process.execPath, [join(repository, 'bin/compose-lint.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  connection.onNotification(PublishDiagnosticsNotification.type, ({ uri }) => {
    waiting.get(uri)?.();
    waiting.delete(uri);
  });
  connection.listen();

  const published = (uri) => new Promise((resolve) => waiting.set(uri, resolve));
  return { child, connection, published };
}

/** Sends one notification and returns the milliseconds until the diagnostics of `uri` arrive. */
async function timeUntilPublished(server, uri, send) {
  const arrival = server.published(uri);
  const start = process.hrtime.bigint();
  await send();
  await arrival;
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Returns the nearest-rank percentile of a list of samples. */
function percentile(samples, fraction) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function measure(root, size) {
  const server = startServer();
  await server.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: {},
    initializationOptions: { debounceMilliseconds: 0 },
  });
  await server.connection.sendNotification(InitializedNotification.type, {});

  const files = {
    Dockerfile: join(root, `svc${size - 1}`, 'Dockerfile'),
    'compose file': join(root, 'compose.yaml'),
  };
  // Opening the Dockerfile loads the project cold. Opening the compose file
  // afterwards finds every input unchanged and only publishes again.
  const opens = [];
  const edits = {};
  for (const [label, path] of Object.entries(files)) {
    const uri = pathToFileURL(path).href;
    const text = readFileSync(path, 'utf8');
    opens.push(
      await timeUntilPublished(server, uri, () =>
        server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: '', version: 1, text } }),
      ),
    );

    // Each edit appends a different comment, so every run lints again.
    const samples = [];
    for (let run = 0; run < warmupRuns + runs; run++) {
      const version = run + 2;
      const milliseconds = await timeUntilPublished(server, uri, () =>
        server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ text: `${text}# edit ${version}\n` }],
        }),
      );
      if (run >= warmupRuns) samples.push(milliseconds);
    }
    edits[label] = samples;
  }

  await server.connection.sendRequest(ShutdownRequest.type);
  await server.connection.sendNotification(ExitNotification.type);
  server.connection.dispose();
  return { firstLint: opens[0], edits };
}

console.log(`compose-lint language server benchmark, ${new Date().toISOString().slice(0, 10)}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
console.log(`change notification to published diagnostics, debounce 0, ${runs} runs after ${warmupRuns} warm-up runs`);

const workspace = mkdtempSync(join(tmpdir(), 'compose-lint-bench-lsp-'));
try {
  for (const size of sizes) {
    const root = join(workspace, String(size));
    generateProject(root, size);
    settleFiles(root);
    const { firstLint, edits } = await measure(root, size);

    console.log(`\n${size} services (first lint on opening a Dockerfile: ${firstLint.toFixed(0)} ms)`);
    for (const [label, samples] of Object.entries(edits)) {
      const median = percentile(samples, 0.5).toFixed(1);
      const p95 = percentile(samples, 0.95).toFixed(1);
      console.log(`  edit ${label.padEnd(13)} median ${median.padStart(6)} ms   p95 ${p95.padStart(6)} ms`);
    }
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
