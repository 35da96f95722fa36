#!/usr/bin/env node
// Orchestration benchmark (npm run bench): 1,000 synthetic questions x the full probe suite
// against an instant exec generator. Reports calls per second for a cold run with the cache on,
// a cold run without it, a warm run served from the cache, and the raw protocol round-trip rate
// of the same generator (the ceiling ragseam's own work is measured against), each the median of
// three runs, each in a fresh process so its peak resident memory is its own (the generator's
// process not included). Figures go in docs/performance.md.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 1000);
const PASSAGES = 5;
const REPEATS = 3;
const CONCURRENCY = 32;

function syntheticDataset(file) {
  const lines = [];
  for (let q = 0; q < QUESTIONS; q++) {
    const passages = Array.from({ length: PASSAGES }, (_, p) => ({
      id: `d${q}-p${p}`,
      title: `Entity ${q}`,
      text: `Entity ${q} fact ${p} says value${q} is ${1000 + ((q * 7 + p) % 9000)} in the record of place ${p}.`,
    }));
    lines.push(
      JSON.stringify({
        id: `q${q}`,
        question: `What is the value of entity ${q}?`,
        answers: [`value${q}`],
        passages,
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function audit(dataset, cacheDir) {
  const output = execFileSync('node', ['bench/audit-once.mjs', dataset, cacheDir ?? 'none'], {
    encoding: 'utf8',
  });
  const { calls, liveCalls, seconds, peakRssMb } = JSON.parse(output);
  return { calls, live: liveCalls, seconds, peakRssMb };
}

/** Raw JSON Lines round trips to the same generator at the same concurrency, no ragseam. */
async function rawProtocol(requests) {
  const child = spawn('node', ['bench/instant-generator.mjs'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const started = performance.now();
  let sent = 0;
  let received = 0;
  const passages = Array.from({ length: PASSAGES }, (_, p) => ({
    id: `p${p}`,
    title: 'T',
    text: `Some passage text number ${p}.`,
  }));
  await new Promise((resolve) => {
    const send = () => {
      child.stdin.write(`${JSON.stringify({ id: `r${sent}`, question: `question ${sent}?`, passages })}\n`);
      sent++;
    };
    lines.on('line', () => {
      received++;
      if (sent < requests) send();
      if (received === requests) resolve();
    });
    for (let i = 0; i < Math.min(CONCURRENCY, requests); i++) send();
  });
  const seconds = (performance.now() - started) / 1000;
  child.stdin.end();
  return { calls: requests, live: requests, seconds };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(label, run) {
  const rates = [];
  const peaks = [];
  let last;
  for (let i = 0; i < REPEATS; i++) {
    last = await run(i);
    rates.push(last.calls / last.seconds);
    if (last.peakRssMb !== undefined) peaks.push(last.peakRssMb);
  }
  return {
    label,
    callsPerSecond: median(rates),
    calls: last.calls,
    live: last.live,
    peakRssMb: peaks.length > 0 ? Math.max(...peaks) : undefined,
  };
}

const work = mkdtempSync(join(tmpdir(), 'ragseam-bench-'));
try {
  const dataset = join(work, 'dataset.jsonl');
  syntheticDataset(dataset);
  const results = [];
  results.push(await measure('cold, cache on', (i) => audit(dataset, join(work, `cache-cold-${i}`))));
  results.push(await measure('cold, --no-cache', () => audit(dataset, undefined)));
  const warmDir = join(work, 'cache-warm');
  await audit(dataset, warmDir);
  results.push(await measure('warm, all from cache', () => audit(dataset, warmDir)));
  const raw = await measure('raw protocol round trips', () => rawProtocol(results[0].live));
  results.push(raw);

  console.log(
    `questions: ${QUESTIONS} x ${PASSAGES} passages, full probe suite, concurrency ${CONCURRENCY}, median of ${REPEATS}`,
  );
  console.log('| run | calls | calls/s | ratio to raw protocol | peak RSS of the run |');
  console.log('|---|---:|---:|---:|---:|');
  for (const result of results) {
    const peak = result.peakRssMb === undefined ? '–' : `${result.peakRssMb.toFixed(0)} MB`;
    console.log(
      `| ${result.label} | ${result.calls} | ${Math.round(result.callsPerSecond)} | ${(result.callsPerSecond / raw.callsPerSecond).toFixed(2)} | ${peak} |`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
