import { readFileSync } from 'node:fs';
import { rules } from '../dist/rules/index.js';
import { lint } from '../dist/src/lint.js';
import { loadProject } from '../dist/src/project/index.js';
import { DockerfileCache } from '../dist/src/engine/analysis.js';
import { DiskHost, DiskSnapshot } from '../dist/src/host.js';
const root = process.argv[2];
const fixes = process.argv[3] ?? 'safe';
const times = new Map();
const timed = rules.map((rule) => ({ meta: rule.meta, check(analysis, options) { const t = performance.now(); const out = [...rule.check(analysis, options)]; times.set(rule.meta.id, (times.get(rule.meta.id) ?? 0) + performance.now() - t); return out; } }));
const cache = new DockerfileCache();
const overlay = new Map();
const project = loadProject({ path: root }, new DiskHost(root, process.env, overlay, new DiskSnapshot()));
const file = `${root}/svc${Number(root.split('/').at(-1)) - 1}/Dockerfile`;
const text = readFileSync(file, 'utf8');
let total = 0, rulesTotal = 0; const N = 100;
for (let i = 0; i < N + 20; i++) {
  if (i === 20) { times.clear(); total = 0; }
  overlay.set(file, text + `# ${i}\n`);
  const t = performance.now();
  lint({ path: root, cache, project, fixes, rules: timed }, new DiskHost(root, process.env, overlay, new DiskSnapshot()));
  total += performance.now() - t;
}
const rows = [...times].sort((a, b) => b[1] - a[1]);
const sum = rows.reduce((a, [, t]) => a + t, 0);
console.log('lint per pass', (total / N).toFixed(2), 'rules', (sum / N).toFixed(2));
for (const [id, t] of rows.slice(0, 14)) console.log((t / N).toFixed(2).padStart(7), id);
