#!/usr/bin/env node
// One orchestration run in a fresh process, so its peak memory is its own:
//   node bench/audit-once.mjs <dataset> <cache dir | none>
// prints {"calls", "liveCalls", "seconds", "peakRssMb"} as JSON.
import { audit } from '../dist/index.js';

const [dataset, cache] = process.argv.slice(2);
const started = performance.now();
const report = await audit({
  dataset,
  generator: 'exec:node bench/instant-generator.mjs',
  concurrency: 32,
  cache: cache === 'none' ? false : cache,
  version: 'bench',
});
console.log(
  JSON.stringify({
    calls: report.summary.calls,
    liveCalls: report.run.liveCalls,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
