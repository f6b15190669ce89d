// temporary: in-process timing of ProjectRegistry.refresh after edits
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectRegistry } from '../dist/src/lsp/projects.js';
import { DockerfileCache } from '../dist/src/engine/analysis.js';
import { DiskSnapshot, TextCache } from '../dist/src/host.js';
const root = process.argv[2];
const which = process.argv[3] ?? 'dockerfile';
const runs = Number(process.argv[4] ?? 40);
const overlay = new Map();
const registry = new ProjectRegistry({ env: process.env, overlay, cache: new DockerfileCache(), logger: { log() {}, info() {}, error: console.error } });
const size = Number(root.split('/').at(-1));
const file = which === 'compose' ? join(root, 'compose.yaml') : join(root, `svc${size - 1}`, 'Dockerfile');
const text = readFileSync(file, 'utf8');
const samples = []; const texts = new TextCache();
for (let run = 0; run < runs; run++) {
  overlay.set(file, `${text}# edit ${run}\n`);
  const t0 = performance.now();
  const snapshot = new DiskSnapshot(texts); const projects = registry.projectsFor(file, which === "compose" ? "compose" : "dockerfile", snapshot);
  for (const p of projects) registry.refresh(p, snapshot);
  samples.push(performance.now() - t0); texts.endRun();
}
samples.splice(0, 5);
samples.sort((a, b) => a - b);
console.log(which, 'median', samples[samples.length >> 1].toFixed(1), 'min', samples[0].toFixed(1));
