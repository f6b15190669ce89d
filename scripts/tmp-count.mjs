import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
let stats = 0, reads = 0; const seen = new Map();
const st = fs.statSync, rd = fs.readFileSync;
fs.statSync = function (p, o) { stats++; seen.set(p, (seen.get(p) ?? 0) + 1); return st.call(this, p, o); };
fs.readFileSync = function (p, o) { reads++; return rd.call(this, p, o); };
syncBuiltinESMExports();
const { ProjectRegistry } = await import('../dist/src/lsp/projects.js');
const { DockerfileCache } = await import('../dist/src/engine/analysis.js');
const { DiskSnapshot } = await import('../dist/src/host.js');
const overlay = new Map();
const registry = new ProjectRegistry({ env: process.env, overlay, cache: new DockerfileCache(), logger: { log() {}, info() {}, error: console.error } });
const file = '/tmp/bench/200/svc199/Dockerfile';
const text = rd(file, 'utf8');
for (let run = 0; run < 3; run++) {
  stats = 0; reads = 0; seen.clear();
  overlay.set(file, `${text}# edit ${run}\n`);
  const snapshot = new DiskSnapshot();
  for (const p of registry.projectsFor(file, 'dockerfile', snapshot)) registry.refresh(p, snapshot);
  console.log('stats', stats, 'reads', reads, 'distinct stat paths', seen.size);
}
console.log([...seen].filter(([p]) => p.includes('svc150')));
