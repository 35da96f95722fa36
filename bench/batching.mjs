#!/usr/bin/env node
// Batching benchmark (npm run bench): the full probe suite on the demo questions against the
// bundled coupled calibration model, once with one prompt per model call and once batched, on the
// same machine in the same process. Reports calls per second and the speed-up ratio (median of
// three runs each). Figures go in docs/performance.md.
import { fileURLToPath } from 'node:url';
import { audit, demoAuditInput } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPEATS = 3;

async function run(batchSize) {
  const started = performance.now();
  const report = await audit({
    ...demoAuditInput({
      root: ROOT,
      generator: 'coupled',
      seed: 0,
      version: 'bench',
      signal: new AbortController().signal,
    }),
    batchSize,
  });

  return {
    calls: report.run.liveCalls,
    seconds: (performance.now() - started) / 1000,
    summary: report.summary,
  };
}

function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

const rows = [];
let reference;
for (const batchSize of [1, 4, 8, 16, 64]) {
  const rates = [];
  for (let i = 0; i < REPEATS; i++) {
    const result = await run(batchSize);
    rates.push(result.calls / result.seconds);
    reference ??= JSON.stringify(result.summary);
    if (JSON.stringify(result.summary) !== reference)
      throw new Error(`batch size ${batchSize} changed the scores`);
  }
  rows.push({ batchSize, rate: median(rates) });
}
console.log(`coupled calibration model, demo questions, full probe suite, median of ${REPEATS}`);
console.log('| prompts per model call | calls/s | speed-up vs 1 |');
console.log('|---:|---:|---:|');
for (const row of rows)
  console.log(`| ${row.batchSize} | ${Math.round(row.rate)} | ${(row.rate / rows[0].rate).toFixed(2)} |`);
console.log('every batch size gave identical scores');
