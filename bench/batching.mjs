#!/usr/bin/env node
// Batching benchmark (npm run bench): the full probe suite on the demo questions against the
// bundled coupled calibration model, with one prompt per model call and with batches, and a plain
// greedy loop straight on onnxruntime over the identical prompts (bench/direct-loop.mjs), all in
// one process. The runs are interleaved, one of each per round (the direct loop just before and
// just after batch 16), and each figure is the median of three rounds, so that load from other
// processes hits every configuration alike. Reports calls
// per second, the speed-up over batch size 1, the share of batched prompt tokens that are
// padding, and ragseam's throughput as a ratio to the direct loop. Figures go in
// docs/performance.md.
import { fileURLToPath } from 'node:url';
import { loadLibrary } from '../dist/backends/transformers.js';
import { demoAuditInput, audit as runAudit } from '../dist/index.js';
import { recordDemoCalls } from './demo-calls.mjs';
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
  const startedCpu = process.cpuUsage();
  const report = await runAudit({
    ...demoAuditInput({
      root: ROOT,
      generator: 'coupled',
      seed: 0,
      version: 'bench',
      signal: new AbortController().signal,
    }),
    batchSize,
    // Generation only: effect sizes (on by default for local models) are timed in bench/scoring.mjs.
    effectSizes: false,
    debugLog,
  });
  const cpu = process.cpuUsage(startedCpu);
  return {
    wall: report.run.liveCalls / ((performance.now() - started) / 1000),
    cpu: report.run.liveCalls / ((cpu.user + cpu.system) / 1e6),
    padding: padding / (tokens + padding),
    summary: JSON.stringify(report.summary),
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (a, b) => (a + b) / 2;

const library = await loadLibrary({ offline: true });
const { prompts, answers, modelDir } = await recordDemoCalls(ROOT, 'coupled');
let reference;
let mismatches = 0;

/** The direct loop's rates (calls per wall-clock second and per CPU second), whole and decoding only. */
async function direct() {
  const result = await directGreedyLoop(library, modelDir, prompts);
  mismatches = Math.max(
    mismatches,
    result.answers.filter((answer, index) => answer !== answers[index]).length,
  );
  const n = prompts.length;
  return {
    whole: { wall: n / result.seconds, cpu: n / result.cpuSeconds },
    decoding: { wall: n / result.decodeSeconds, cpu: n / result.decodeCpuSeconds },
  };
}

/** One round: every batch size once, the direct loop just before and just after batch 16. */
async function round() {
  const measured = {};
  for (const batchSize of [...BATCH_SIZES.filter((size) => size !== 16), 16]) {
    if (batchSize === 16) measured.before = await direct();
    const result = await audit(batchSize);
    reference ??= result.summary;
    if (result.summary !== reference) throw new Error(`batch size ${batchSize} changed the scores`);
    measured[batchSize] = result;
  }
  measured.after = await direct();
  return measured;
}

const rounds = [];
for (let i = 0; i < ROUNDS; i++) rounds.push(await round());

const fixed = (value) => value.toFixed(2);
const show = (label, values) =>
  console.log(`${label}: ${fixed(median(values))}x (rounds: ${values.map(fixed).join(', ')})`);
console.log(
  `coupled calibration model, demo questions, full probe suite (${prompts.length} calls), median of ${ROUNDS} interleaved rounds`,
);
console.log('| prompts per model call | calls/s | calls per CPU second | speed-up vs 1 | padding |');
console.log('|---:|---:|---:|---:|---:|');
const base = median(rounds.map((r) => r[1].wall));
for (const size of BATCH_SIZES) {
  const wall = median(rounds.map((r) => r[size].wall));
  const cpu = median(rounds.map((r) => r[size].cpu));
  const padding = median(rounds.map((r) => r[size].padding));
  console.log(
    `| ${size} | ${Math.round(wall)} | ${Math.round(cpu)} | ${fixed(wall / base)} | ${(100 * padding).toFixed(1)}% |`,
  );
}
const directOf = (r, part, unit) => mean(r.before[part][unit], r.after[part][unit]);
console.log(
  `| direct onnxruntime loop, 16 | ${Math.round(median(rounds.map((r) => directOf(r, 'whole', 'wall'))))} | ${Math.round(median(rounds.map((r) => directOf(r, 'whole', 'cpu'))))} | – | – |`,
);
console.log('every batch size gave identical scores; ratios below are taken within each round');
for (const unit of ['wall', 'cpu']) {
  const name = unit === 'wall' ? 'wall-clock' : 'CPU';
  show(
    `speed-up of batch 16 over batch 1 (${name})`,
    rounds.map((r) => r[16][unit] / r[1][unit]),
  );
  show(
    `ragseam (batch 16) / direct loop, both from loading the model (${name})`,
    rounds.map((r) => r[16][unit] / directOf(r, 'whole', unit)),
  );
  show(
    `ragseam (batch 16) / direct loop's decoding alone (${name})`,
    rounds.map((r) => r[16][unit] / directOf(r, 'decoding', unit)),
  );
}
console.log(`answers that differ between ragseam and the direct loop: ${mismatches} of ${prompts.length}`);
