#!/usr/bin/env node
// Batching benchmark (npm run bench): the full probe suite on the demo questions against each
// bundled calibration model (BENCH_MODELS, default "coupled,decoupled"), with one prompt per model call and with batches, and a plain
// greedy loop straight on onnxruntime over the identical prompts (bench/direct-loop.mjs, with the
// session options ragseam uses) with one prompt per call and with 16, all in one process. The runs are interleaved, one of each per round
// (the direct loop at 16 just before and just after ragseam at 16), and each figure is the median
// of the rounds (BENCH_ROUNDS, default 5), so that load from other processes hits every
// configuration alike. Reports calls per second (wall-clock and per CPU second), the speed-up over
// batch size 1, the share of batched prompt tokens that are padding, the time spent inside the
// runtime (`session.run`), ragseam's throughput as a ratio to the direct loop, and the load
// average. Figures go in docs/performance.md.
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generatorSessionOptions, loadLibrary } from '../dist/backends/transformers.js';
import { memoryCache } from '../dist/engine/calls/answer-cache.js';
import { CallScheduler, generationCalls } from '../dist/engine/calls/scheduler.js';
import { createGenerator, demoAuditInput, resolveAuditOptions, audit as runAudit } from '../dist/index.js';
import { recordDemoCalls } from './demo-calls.mjs';
import { directGreedyLoop } from './direct-loop.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MODELS = (process.env.BENCH_MODELS ?? 'coupled,decoupled').split(',').filter((model) => model !== '');
const BATCH_SIZES = [1, 4, 8, 16, 64];

const cpuSeconds = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
};
const loadAverage = () => loadavg()[0];

// Time inside the runtime: every model call of ragseam and of the direct loop goes through
// InferenceSession.run (the session the library loads), timed here in wall-clock and CPU seconds.
const inRuntime = { wall: 0, cpu: 0 };
const { InferenceSession } = createRequire(import.meta.url)('onnxruntime-node');
const run = InferenceSession.prototype.run;
InferenceSession.prototype.run = async function timedRun(...args) {
  const started = performance.now();
  const startedCpu = cpuSeconds();
  try {
    return await run.apply(this, args);
  } finally {
    inRuntime.wall += (performance.now() - started) / 1000;
    inRuntime.cpu += cpuSeconds() - startedCpu;
  }
};

/** Wall-clock and CPU seconds of `job`, and of its time inside the runtime. */
async function timed(job) {
  inRuntime.wall = 0;
  inRuntime.cpu = 0;
  const started = performance.now();
  const startedCpu = cpuSeconds();
  const result = await job();
  return {
    result,
    seconds: { wall: (performance.now() - started) / 1000, cpu: cpuSeconds() - startedCpu },
    runtime: { ...inRuntime },
  };
}

/** The demo's audit of `model` at a batch size. */
const demoFlags = (model, batchSize) => ({
  ...demoAuditInput({
    root: ROOT,
    generator: model,
    seed: 0,
    version: 'bench',
    signal: new AbortController().signal,
  }),
  batchSize,
});

async function audit(model, batchSize) {
  let tokens = 0;
  let padding = 0;
  const debugLog = (line) => {
    const counts = /: (\d+) prompt tokens, (\d+) padding$/.exec(line);
    if (counts === null) return;
    tokens += Number(counts[1]);
    padding += Number(counts[2]);
  };
  const {
    result: report,
    seconds,
    runtime,
  } = await timed(() =>
    runAudit({
      ...demoFlags(model, batchSize),
      // Generation only: effect sizes (on by default for local models) are timed in bench/scoring.mjs.
      effectSizes: false,
      debugLog,
    }),
  );
  const calls = report.run.liveCalls;
  return {
    wall: calls / seconds.wall,
    cpu: calls / seconds.cpu,
    seconds,
    runtime,
    padding: padding / (tokens + padding),
    summary: JSON.stringify(report.summary),
  };
}

/**
 * ragseam's generation path alone on the identical prompts, as the direct loop is timed: the local
 * generator the audit creates (model load, tokenizing, the lean loop) behind the scheduler that
 * sorts the queued calls into length batches, every recorded call queued at once, from loading the
 * model to the last answer. What the audit adds around it (retrieval, planning, matching, the
 * intervals) is the difference between this and the whole audit.
 */
async function generation({ model, requests, answers }, batchSize) {
  const { providers } = resolveAuditOptions({ flags: demoFlags(model, batchSize) });
  const { result, seconds, runtime } = await timed(async () => {
    const generator = await createGenerator(providers.generator, providers.generatorOptions);
    try {
      const scheduler = new CallScheduler(generationCalls(generator), memoryCache(), {
        concurrency: providers.concurrency,
        retries: 0,
        backoffMs: 0,
        random: Math.random,
        signal: new AbortController().signal,
      });
      return await Promise.all(requests.map((request) => scheduler.call(request)));
    } finally {
      await generator.close();
    }
  });
  mismatches = Math.max(
    mismatches,
    result.filter((outcome, index) => outcome.value?.answer !== answers[index]).length,
  );
  const n = requests.length;
  return { wall: n / seconds.wall, cpu: n / seconds.cpu, seconds, runtime };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (a, b) => (a + b) / 2;

const library = await loadLibrary({ offline: true });
let mismatches = 0;

/** The direct loop's rates (calls per wall-clock second and per CPU second), whole and decoding only. */
async function direct({ prompts, answers, modelDir }, batchSize) {
  const { result, runtime } = await timed(() =>
    directGreedyLoop(library, modelDir, prompts, { batchSize, sessionOptions: generatorSessionOptions() }),
  );
  mismatches = Math.max(
    mismatches,
    result.answers.filter((answer, index) => answer !== answers[index]).length,
  );
  const n = prompts.length;
  return {
    whole: { wall: n / result.seconds, cpu: n / result.cpuSeconds },
    decoding: { wall: n / result.decodeSeconds, cpu: n / result.decodeCpuSeconds },
    seconds: { wall: result.seconds, cpu: result.cpuSeconds },
    runtime,
  };
}

/**
 * One round on one model's calls: the direct loop at 1, every batch size once, the direct loop at
 * 16 around batch 16.
 */
async function round(calls) {
  const measured = { loads: [loadAverage()] };
  measured.direct1 = await direct(calls, 1);
  for (const batchSize of [...BATCH_SIZES.filter((size) => size !== 16), 16]) {
    if (batchSize === 16) {
      measured.before = await direct(calls, 16);
      measured.generation = await generation(calls, 16);
    }
    const result = await audit(calls.model, batchSize);
    calls.reference ??= result.summary;
    if (result.summary !== calls.reference) throw new Error(`batch size ${batchSize} changed the scores`);
    measured[batchSize] = result;
  }
  measured.after = await direct(calls, 16);
  measured.loads.push(loadAverage());
  return measured;
}

for (const model of MODELS) {
  mismatches = 0;
  const calls = { model, ...(await recordDemoCalls(ROOT, model)) };
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(calls));
  report(model, calls.prompts, rounds);
}

function report(model, prompts, rounds) {
  const fixed = (value) => value.toFixed(2);
  const show = (label, values) =>
    console.log(`${label}: ${fixed(median(values))}x (rounds: ${values.map(fixed).join(', ')})`);
  const loads = rounds.flatMap((r) => r.loads);
  console.log(
    `${model} calibration model, demo questions, full probe suite (${prompts.length} calls), median of ${ROUNDS} interleaved rounds; load average ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log(
    '| prompts per model call | calls/s | calls per CPU second | speed-up vs 1 | padding | share of wall time in the runtime |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  const base = median(rounds.map((r) => r[1].wall));
  for (const size of BATCH_SIZES) {
    const wall = median(rounds.map((r) => r[size].wall));
    const cpu = median(rounds.map((r) => r[size].cpu));
    const padding = median(rounds.map((r) => r[size].padding));
    const share = median(rounds.map((r) => r[size].runtime.wall / r[size].seconds.wall));
    console.log(
      `| ${size} | ${Math.round(wall)} | ${Math.round(cpu)} | ${fixed(wall / base)} | ${(100 * padding).toFixed(1)}% | ${(100 * share).toFixed(0)}% |`,
    );
  }
  const directOf = (r, part, unit) => mean(r.before[part][unit], r.after[part][unit]);
  const directShare = (r) => mean(...[r.before, r.after].map((d) => d.runtime.wall / d.seconds.wall));
  console.log(
    `| direct onnxruntime loop, 1 | ${Math.round(median(rounds.map((r) => r.direct1.whole.wall)))} | ${Math.round(median(rounds.map((r) => r.direct1.whole.cpu)))} | – | – | ${(100 * median(rounds.map((r) => r.direct1.runtime.wall / r.direct1.seconds.wall))).toFixed(0)}% |`,
  );
  console.log(
    `| direct onnxruntime loop, 16 | ${Math.round(median(rounds.map((r) => directOf(r, 'whole', 'wall'))))} | ${Math.round(median(rounds.map((r) => directOf(r, 'whole', 'cpu'))))} | – | – | ${(100 * median(rounds.map(directShare))).toFixed(0)}% |`,
  );
  console.log('every batch size gave identical scores; ratios below are taken within each round');
  for (const unit of ['wall', 'cpu']) {
    const name = unit === 'wall' ? 'wall-clock' : 'CPU';
    show(
      `speed-up of batch 16 over batch 1 (${name})`,
      rounds.map((r) => r[16][unit] / r[1][unit]),
    );
    show(
      `the direct loop's own speed-up of 16 over 1 (${name})`,
      rounds.map((r) => directOf(r, 'whole', unit) / r.direct1.whole[unit]),
    );
    show(
      `ragseam (batch 16) / direct loop, both from loading the model (${name})`,
      rounds.map((r) => r[16][unit] / directOf(r, 'whole', unit)),
    );
    show(
      `ragseam's generation path alone (batch 16, identical prompts) / direct loop, both from loading the model (${name})`,
      rounds.map((r) => r.generation[unit] / directOf(r, 'whole', unit)),
    );
    show(
      `ragseam (batch 16) / direct loop's decoding alone (${name})`,
      rounds.map((r) => r[16][unit] / directOf(r, 'decoding', unit)),
    );
    show(
      `time inside the runtime, ragseam (batch 16) / direct loop (${name})`,
      rounds.map((r) => r[16].runtime[unit] / mean(r.before.runtime[unit], r.after.runtime[unit])),
    );
  }
  const outside = (r) => r[16].seconds.cpu - r[16].runtime.cpu;
  const directOutside = (r) => mean(...[r.before, r.after].map((d) => d.seconds.cpu - d.runtime.cpu));
  console.log(
    `CPU seconds outside the runtime (batch 16): ragseam ${fixed(median(rounds.map(outside)))}, direct loop ${fixed(median(rounds.map(directOutside)))}`,
  );
  console.log(`answers that differ between ragseam and the direct loop: ${mismatches} of ${prompts.length}`);
}
