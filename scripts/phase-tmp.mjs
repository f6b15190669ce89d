const t0 = performance.now();
const { runWithCodeCache } = await import('/work/main/dist/bundle/code-cache.js');
const t1 = performance.now();
const b = runWithCodeCache('/work/main/dist/bundle/compose-lint.cjs');
const t2 = performance.now();
const code = await b.exports.main(process.argv.slice(2), { stdout() {}, stderr() {}, cwd: process.cwd(), env: process.env, isTTY: false });
const t3 = performance.now();
console.log(`import ${(t1-t0).toFixed(1)} load ${(t2-t1).toFixed(1)} main ${(t3-t2).toFixed(1)} accepted ${b.cacheAccepted} boot ${t0.toFixed(1)}`);
