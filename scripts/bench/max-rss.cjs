// Preloaded with `node -r` to record a process's peak memory: on exit it
// appends the maximum resident set size in kilobytes to $BENCH_RSS_FILE.
const { appendFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
