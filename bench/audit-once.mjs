#!/usr/bin/env node
// One orchestration run in a fresh process, so its peak memory is its own:
//   node bench/audit-once.mjs <dataset> <cache dir | none>
// prints {"calls", "liveCalls", "seconds", "peakRssMb"} as JSON.
import { PROBES, runAudit } from '../dist/index.js';

const [dataset, cache] = process.argv.slice(2);
const started = performance.now();
const report = await runAudit({
  dataset,
  generator: 'exec:node bench/instant-generator.mjs',
  retriever: 'dataset',
  topK: 5,
  probes: Object.values(PROBES),
  seed: 0,
  match: 'contains',
  resamples: 1000,
  concurrency: 32,
  retries: 2,
  backoffMs: 250,
  timeoutMs: 60_000,
  cacheDir: cache === 'none' ? undefined : cache,
  gates: [],
  version: 'bench',
  signal: new AbortController().signal,
});
console.log(
  JSON.stringify({
    calls: report.summary.calls,
    liveCalls: report.run.liveCalls,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
