#!/usr/bin/env node
// Scoring vs generating (npm run bench): on each bundled calibration model, the demo's 1,536
// generator calls (the full probe suite on the demo questions, recorded by bench/demo-calls.mjs)
// are answered by greedy decoding and then scored by teacher forcing (log P(answer | prompt) of
// the answer each one got, the effect sizes' scoring call), in the same length-sorted batches of
// 16, one after the other in one process, three rounds, medians. Then the whole demo audit with
// effect sizes on and off. Figures go in docs/performance.md.
import { fileURLToPath } from 'node:url';
import { createGenerator, demoAuditInput, audit as runAudit } from '../dist/index.js';
import { recordDemoCalls } from './demo-calls.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 3;
const BATCH = 16;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(work) {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function auditSeconds(model, effectSizes) {
  const input = demoAuditInput({
    root: ROOT,
    generator: model,
    seed: 0,
    version: 'bench',
    signal: new AbortController().signal,
  });
  return timed(() => runAudit({ ...input, effectSizes }));
}

for (const model of ['coupled', 'decoupled']) {
  const { requests, answers, modelDir } = await recordDemoCalls(ROOT, model);
  const generator = await createGenerator(`transformers:${modelDir}`, {
    timeoutMs: 600_000,
    offline: true,
    batchSize: BATCH,
  });
  const order = requests
    .map((request, index) => ({ index, size: generator.measure(request) }))
    .sort((a, b) => a.size - b.size);
  const batches = [];
  for (let start = 0; start < order.length; start += BATCH)
    batches.push(order.slice(start, start + BATCH).map((o) => o.index));
  const generate = [];
  const score = [];
  const audits = { on: [], off: [] };
  let agree = 0;
  for (let round = 0; round < ROUNDS; round++) {
    generate.push(
      await timed(async () => {
        for (const batch of batches) await generator.generateBatch(batch.map((i) => requests[i]));
      }),
    );
    score.push(
      await timed(async () => {
        for (const batch of batches) {
          const scores = await generator.score(batch.map((i) => ({ ...requests[i], answer: answers[i] })));
          if (round === 0) agree += scores.filter((s) => Number.isFinite(s) && s <= 0).length;
        }
      }),
    );
    audits.off.push(await auditSeconds(model, false));
    audits.on.push(await auditSeconds(model, true));
  }
  await generator.close();
  const calls = requests.length;
  const g = median(generate);
  const s = median(score);
  console.log(
    `${model}: ${calls} calls, generate ${(calls / g).toFixed(0)} calls/s (${g.toFixed(2)} s), score ${(calls / s).toFixed(0)} calls/s (${s.toFixed(2)} s): scoring takes ${((s / g) * 100).toFixed(0)}% of generating's time; ${agree} of ${calls} scores finite and <= 0`,
  );
  console.log(
    `${model}: demo audit ${median(audits.off).toFixed(1)} s without effect sizes, ${median(audits.on).toFixed(1)} s with (+${(((median(audits.on) - median(audits.off)) / median(audits.off)) * 100).toFixed(0)}%)`,
  );
}
