#!/usr/bin/env node
// Orchestration benchmark (npm run bench): synthetic questions (BENCH_QUESTIONS, default 1,000,
// with BENCH_PASSAGES passages, default 5) x the full probe suite against an instant exec
// generator, through the CLI with the report streamed to a file. Reports calls per second and CPU
// seconds for a cold run with the cache on, a cold run without it, the completed run resumed (its
// questions read back from the result journal), the same with --no-resume (every answer from the
// cache), a run killed once half its questions were journaled and then resumed, and the bare pipe:
// the very request lines a --no-cache run sent (recorded by the generator in a run of their own),
// replayed to the same generator at the same concurrency with nothing else done (the ceiling
// ragseam's own work is measured against), each the median of three runs, each in a fresh
// process so its peak resident memory is its own (the generator's process not included).
// Every run's wall-clock and CPU time is also given as a ratio to the bare pipe of the same round,
// so the ratios compare runs made under the same load. Cache hits are given two ways: end to end
// (the warm run's calls per second) and for the store alone (lookups per CPU second of every key
// the cold run wrote, opening the file included). The last line is the budget the 1.5x target
// leaves ragseam per call: the machine's cores for 1.5 times the bare pipe's wall-clock time, less
// the generator's own CPU time on the same requests, against what ragseam spends.
// BENCH_REPEATS sets the number of runs. Figures go in docs/performance.md.
// BENCH_SCALES=10000,100000,... measures memory instead: one --no-cache run per number of
// questions (BENCH_PROBES limits the suite, e.g. "remove"; BENCH_DRY_RUN=1 runs --dry-run), and
// prints each run's peak resident memory and CPU time; BENCH_CACHE=1 runs them with the cache on
// (a fresh cache folder per run) instead.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeSyntheticDataset } from './synthetic-questions.mjs';

const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 1000);
const PASSAGES = Number(process.env.BENCH_PASSAGES ?? 5);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CONCURRENCY = 32;
const SCALES = (process.env.BENCH_SCALES ?? '')
  .split(',')
  .filter((scale) => scale !== '')
  .map(Number);

/** The bench's dataset: `questions` synthetic questions of PASSAGES passages each. */
function syntheticDataset(file, questions = QUESTIONS) {
  return writeSyntheticDataset(file, questions, PASSAGES);
}

function audit(dataset, cacheDir, report, env = {}, ...flags) {
  const run = spawnSync('node', ['bench/audit-once.mjs', dataset, cacheDir ?? 'none', report, ...flags], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const last = run.stderr.trim().split('\n').at(-1);
  if (run.status !== 0) throw new Error(`the audit failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const { calls, liveCalls, seconds, cpuSeconds, peakRssMb } = JSON.parse(last);
  return { calls, live: liveCalls, seconds, cpuSeconds, peakRssMb };
}

/** Questions in the result journal under `cacheDir` (0 before it exists). */
function journaled(cacheDir) {
  if (!existsSync(cacheDir)) return 0;
  const name = readdirSync(cacheDir).find((file) => file.startsWith('results-'));
  if (name === undefined) return 0;
  const text = readFileSync(join(cacheDir, name), 'latin1');
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** A run with the cache on, killed (SIGKILL) once half its questions are journaled. */
async function killedAtHalf(dataset, cacheDir, report) {
  const child = spawn('node', ['bench/audit-once.mjs', dataset, cacheDir, report], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('close', resolve));
  let finished = false;
  exited.then(() => (finished = true));
  while (!finished && journaled(cacheDir) < QUESTIONS / 2)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const doneBefore = finished;
  child.kill('SIGKILL');
  await exited;
  // A completed run's journal also holds its summary line.
  const lines = Math.min(journaled(cacheDir), QUESTIONS);
  return doneBefore ? `${lines} (done before the kill)` : lines;
}

/**
 * The request lines ragseam sends to the generator in a `--no-cache` run of `dataset` (the
 * generator records them; the start-up identify request left out), for the bare pipe to replay.
 */
function recordedRequests(dataset, work) {
  const file = join(work, 'requests.jsonl');
  audit(dataset, undefined, join(work, 'recording-report.json'), { BENCH_RECORD_REQUESTS: file });
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  rmSync(file);
  return lines.filter((line) => !line.startsWith('{"id":"ragseam:identify"')).map((line) => `${line}\n`);
}

/**
 * The bare pipe: the same request lines ragseam sent, written to the same generator at the same
 * concurrency and read back as lines, with nothing else done (no ragseam).
 */
async function rawProtocol(requests, work) {
  const cpuFile = join(work, 'generator-cpu.json');
  const child = spawn('node', ['bench/instant-generator.mjs'], {
    env: { ...process.env, BENCH_GENERATOR_CPU: cpuFile },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const closed = new Promise((resolve) => child.once('close', resolve));
  const lines = createInterface({ input: child.stdout });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let sent = 0;
  let received = 0;
  await new Promise((resolve) => {
    const send = () => {
      child.stdin.write(requests[sent]);
      sent++;
    };
    lines.on('line', () => {
      received++;
      if (sent < requests.length) send();
      if (received === requests.length) resolve();
    });
    for (let i = 0; i < Math.min(CONCURRENCY, requests.length); i++) send();
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  child.stdin.end();
  await closed;
  // The generator's CPU time, its start-up included (a few tens of ms).
  const generatorCpuSeconds = JSON.parse(readFileSync(cpuFile, 'utf8')).cpuSeconds;
  rmSync(cpuFile);
  return {
    calls: requests.length,
    live: requests.length,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    generatorCpuSeconds,
  };
}

/**
 * Store lookups per second on the cache a cold run wrote: the file opened as a store, then every
 * key it holds looked up in file order, as a resumed run does (CPU seconds of this process).
 */
async function storeLookups(cacheDir) {
  const { openAnswerCache } = await import('../dist/engine/calls/answer-cache.js');
  const written = readdirSync(cacheDir).find((name) => name.startsWith('answers-'));
  const text = readFileSync(join(cacheDir, written), 'utf8');
  const keys = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).k);
  const dir = mkdtempSync(join(tmpdir(), 'ragseam-bench-store-'));
  try {
    const owner = { id: 'bench', fingerprint: '' };
    const empty = openAnswerCache(dir, owner);
    empty.close();
    copyFileSync(join(cacheDir, written), empty.file);
    const before = process.cpuUsage();
    const store = openAnswerCache(dir, owner);
    for (const key of keys) if (store.get(key) === undefined) throw new Error(`lost ${key}`);
    store.close();
    const cpu = process.cpuUsage(before);
    return keys.length / ((cpu.user + cpu.system) / 1e6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Peak memory per dataset size: one run per scale, each in a fresh process. */
async function memoryScales(work) {
  const flags = [
    ...(process.env.BENCH_PROBES === undefined ? [] : ['--probes', process.env.BENCH_PROBES]),
    ...(process.env.BENCH_DRY_RUN === '1' ? ['--dry-run'] : []),
  ];
  const cached = process.env.BENCH_CACHE === '1';
  console.log(
    `${PASSAGES} passages per question, ${flags.length === 0 ? 'full probe suite' : flags.join(' ')}, ${cached ? 'cache on' : '--no-cache'}, concurrency ${CONCURRENCY}, one run per scale`,
  );
  console.log('| questions | calls | wall s | CPU s | peak RSS |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const questions of SCALES) {
    const dataset = join(work, `dataset-${questions}.jsonl`);
    await syntheticDataset(dataset, questions);
    const cacheDir = cached ? join(work, `cache-${questions}`) : undefined;
    const run = audit(dataset, cacheDir, join(work, 'report.json'), {}, ...flags);
    if (cacheDir !== undefined) rmSync(cacheDir, { recursive: true, force: true });
    console.log(
      `| ${questions} | ${run.calls ?? '–'} | ${run.seconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${run.peakRssMb.toFixed(0)} MB |`,
    );
    rmSync(dataset, { force: true });
  }
}

/** Cold, warm and uncached runs against the bare pipe, round by round. */
async function compareRuns(work) {
  const dataset = join(work, 'dataset.jsonl');
  await syntheticDataset(dataset);
  const report = join(work, 'report.json');
  const requests = recordedRequests(dataset, work);
  // Each round runs every configuration once, so its ratios compare runs made under the same load.
  const rounds = [];
  for (let round = 0; round < REPEATS; round++) {
    const cacheDir = join(work, `cache-${round}`);
    const cold = audit(dataset, cacheDir, report);
    const warm = audit(dataset, cacheDir, report);
    const warmCache = audit(dataset, cacheDir, report, {}, '--no-resume');
    const lookupsPerSecond = await storeLookups(cacheDir);
    const uncached = audit(dataset, undefined, report);
    const raw = await rawProtocol(requests, work);
    if (raw.calls !== cold.live)
      throw new Error(`the bare pipe replayed ${raw.calls} requests; the cold run made ${cold.live} calls`);
    rmSync(cacheDir, { recursive: true, force: true });
    const halfDir = join(work, `half-${round}`);
    const killedAfter = await killedAtHalf(dataset, halfDir, report);
    const resumed = audit(dataset, halfDir, report);
    rmSync(halfDir, { recursive: true, force: true });
    rounds.push({ cold, warm, warmCache, uncached, raw, resumed, killedAfter, lookupsPerSecond });
  }
  const rows = [
    ['cold, cache on', (r) => r.cold],
    ['cold, --no-cache', (r) => r.uncached],
    ['warm: a completed run resumed from its result journal', (r) => r.warm],
    ['warm, --no-resume: every answer from the cache', (r) => r.warmCache],
    ['killed at half, resumed', (r) => r.resumed],
    ["bare pipe: ragseam's requests replayed (no ragseam)", (r) => r.raw],
  ];
  console.log(
    `questions: ${QUESTIONS} x ${PASSAGES} passages, full probe suite, concurrency ${CONCURRENCY}, median of ${REPEATS} rounds`,
  );
  console.log('| run | calls | calls/s | CPU s | time / bare pipe | CPU time / bare pipe | peak RSS |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [label, pick] of rows) {
    const runs = rounds.map(pick);
    const peaks = runs.flatMap((run) => (run.peakRssMb === undefined ? [] : [run.peakRssMb]));
    const peak = peaks.length === 0 ? '–' : `${Math.max(...peaks).toFixed(0)} MB`;
    console.log(
      `| ${label} | ${runs[0].calls} | ${Math.round(median(runs.map((run) => run.calls / run.seconds)))} | ${median(runs.map((run) => run.cpuSeconds)).toFixed(2)} | ${median(rounds.map((r) => pick(r).seconds / r.raw.seconds)).toFixed(2)} | ${median(rounds.map((r) => pick(r).cpuSeconds / r.raw.cpuSeconds)).toFixed(2)} | ${peak} |`,
    );
  }
  const share = (pick, measure) =>
    (100 * median(rounds.map((r) => measure(pick(r)) / measure(r.cold)))).toFixed(1);
  const wall = (run) => run.seconds;
  const cpu = (run) => run.cpuSeconds;
  console.log(
    `cache hits: ${Math.round(median(rounds.map((r) => r.warmCache.calls / r.warmCache.seconds)))} answers/s end to end (the warm --no-resume run: calls / wall-clock s), ${Math.round(median(rounds.map((r) => r.warmCache.calls / r.warmCache.cpuSeconds)))} per CPU second; the store alone: ${Math.round(median(rounds.map((r) => r.lookupsPerSecond)))} lookups per CPU second (open included)`,
  );
  console.log(
    `a completed run resumed takes ${share((r) => r.warm, wall)}% of the live run's time (${share((r) => r.warm, cpu)}% of its CPU time); with --no-resume ${share((r) => r.warmCache, wall)}% (${share((r) => r.warmCache, cpu)}%)`,
  );
  console.log(
    `killed with ${rounds.map((r) => r.killedAfter).join(', ')} of ${QUESTIONS} questions journaled, the resumed run takes ${share((r) => r.resumed, wall)}% of the live run's time (${share((r) => r.resumed, cpu)}% of its CPU time)`,
  );
  // What 1.5x the bare pipe leaves ragseam: this machine's cores for 1.5 times the bare pipe's
  // wall-clock time, less what the generator's process spent on the same requests.
  const cores = availableParallelism();
  const perCall = (pick) => median(rounds.map((r) => (pick(r) / r.raw.calls) * 1e6)).toFixed(1);
  console.log(
    `per call, in µs of CPU: at 1.5x the bare pipe's wall-clock time ${cores} cores leave ${perCall((r) => cores * 1.5 * r.raw.seconds - r.raw.generatorCpuSeconds)} after the generator's ${perCall((r) => r.raw.generatorCpuSeconds)}; the bare pipe's client spends ${perCall((r) => r.raw.cpuSeconds)}, ragseam ${perCall((r) => r.uncached.cpuSeconds)} (--no-cache), ${perCall((r) => r.cold.cpuSeconds)} (cache on), ${perCall((r) => r.warmCache.cpuSeconds)} (--no-resume, every answer from the cache)`,
  );
}

const work = mkdtempSync(join(tmpdir(), 'ragseam-bench-'));
try {
  if (SCALES.length > 0) await memoryScales(work);
  else await compareRuns(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
