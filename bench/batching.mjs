#!/usr/bin/env node
// Batching benchmark (npm run bench): the full probe suite on the demo questions against the
// bundled coupled calibration model, with one prompt per model call and with batches, and a plain
// greedy loop straight on onnxruntime over the identical prompts (bench/direct-loop.mjs), all in
// one process. The runs are interleaved, one of each per round, and each figure is the median of
// three rounds, so that load from other processes hits every configuration alike. Reports calls
// per second, the speed-up over batch size 1, the share of batched prompt tokens that are
// padding, and ragseam's throughput as a ratio to the direct loop. Figures go in
// docs/performance.md.
import { fileURLToPath } from 'node:url';
import { demoAuditOptions, runAudit } from '../dist/index.js';
import { loadLibrary } from '../dist/backends/transformers.js';
import { demoPrompts } from './demo-prompts.mjs';
import { directGreedyLoop } from './direct-loop.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 3;
const BATCH_SIZES = [1, 4, 8, 16, 64];

async function audit(batchSize) {
  let tokens = 0;
  let padding = 0;
  const debugLog = (line) => {
    const counts = /: (\d+) prompt tokens, (\d+) padding$/.exec(line);
    if (counts === null) return;
    tokens += Number(counts[1]);
    padding += Number(counts[2]);
  };
  const started = performance.now();
  const report = await runAudit({
    ...demoAuditOptions({ root: ROOT, generator: 'coupled', seed: 0, version: 'bench', signal: new AbortController().signal }),
    generatorOptions: { batchSize, debugLog },
  });
  const seconds = (performance.now() - started) / 1000;
  return { rate: report.run.liveCalls / seconds, padding: padding / (tokens + padding), summary: JSON.stringify(report.summary) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const library = await loadLibrary({ offline: true });
const { prompts, answers, modelDir } = await demoPrompts(ROOT, 'coupled');
const rates = new Map(BATCH_SIZES.map((size) => [size, []]));
const paddings = new Map(BATCH_SIZES.map((size) => [size, []]));
const speedups = [];
const ratios = [];
const decodeRatios = [];
const directRates = [];
let reference;
let mismatches = 0;
for (let round = 0; round < ROUNDS; round++) {
  const roundRates = new Map();
  for (const batchSize of BATCH_SIZES) {
    const result = await audit(batchSize);
    reference ??= result.summary;
    if (result.summary !== reference) throw new Error(`batch size ${batchSize} changed the scores`);
    roundRates.set(batchSize, result.rate);
    rates.get(batchSize).push(result.rate);
    paddings.get(batchSize).push(result.padding);
  }
  const direct = await directGreedyLoop(library, modelDir, prompts);
  mismatches = Math.max(mismatches, direct.answers.filter((answer, index) => answer !== answers[index]).length);
  const directRate = prompts.length / direct.seconds;
  directRates.push(directRate);
  speedups.push(roundRates.get(16) / roundRates.get(1));
  ratios.push(roundRates.get(16) / directRate);
  decodeRatios.push((roundRates.get(16) * direct.decodeSeconds) / prompts.length);
}

console.log(`coupled calibration model, demo questions, full probe suite (${prompts.length} calls), median of ${ROUNDS} interleaved rounds`);
console.log('| prompts per model call | calls/s | speed-up vs 1 | padding |');
console.log('|---:|---:|---:|---:|');
const base = median(rates.get(1));
for (const batchSize of BATCH_SIZES) {
  const rate = median(rates.get(batchSize));
  console.log(`| ${batchSize} | ${Math.round(rate)} | ${(rate / base).toFixed(2)} | ${(100 * median(paddings.get(batchSize))).toFixed(1)}% |`);
}
console.log(`| direct onnxruntime loop, 16 | ${Math.round(median(directRates))} | – | – |`);
console.log('every batch size gave identical scores');
console.log(`speed-up of batch 16 over batch 1, same round: ${median(speedups).toFixed(2)}x (rounds: ${speedups.map((s) => s.toFixed(2)).join(', ')})`);
console.log(`ragseam (batch 16) / direct onnxruntime loop, both timed from loading the model, same round: ${median(ratios).toFixed(2)}x (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`);
console.log(`the same, the direct loop timed without loading the model: ${median(decodeRatios).toFixed(2)}x (rounds: ${decodeRatios.map((r) => r.toFixed(2)).join(', ')})`);
console.log(`answers that differ between ragseam and the direct loop: ${mismatches} of ${prompts.length}`);
