#!/usr/bin/env node
// BM25 retrieval benchmark (npm run bench): synthetic corpora of ~50-word passages
// (bench/synthetic-corpus.mjs), 50 six-word questions (BENCH_QUESTIONS), top 10. For each size, three times each,
// in fresh processes (so peak memory is each one's own): building ragseam's on-disk index with an
// empty cache, reusing it from the cache, and the baseline, the MiniSearch index ragseam used
// before (in memory, rebuilt every run). Prints medians and the ratios to the baseline measured in
// this same run, how many of the baseline's top-10 ids ragseam returns (agreement), and the
// pruned query's CPU time as a ratio to exhaustive scoring on the same index (bench/bm25-pruning.mjs).
// Build, reuse and the query median are each printed as wall time and CPU time (user + system), with
// the peak RSS of the building and of the reusing process, and the load average before and after (on
// a shared machine, wall time is what the load leaves; CPU time is the work).
//   BENCH_PASSAGES=10000,100000,1000000 BENCH_CORPORA=<dir> node bench/retrieval.mjs
// MiniSearch is skipped above BENCH_MINISEARCH_MAX passages (default 10,000, the small corpus; it
// takes minutes per run at 100k and runs out of memory at 1M). BENCH_REPEATS sets the runs per
// figure (default 3). Figures go in docs/performance.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCorpus } from './synthetic-corpus.mjs';

const SIZES = (process.env.BENCH_PASSAGES ?? '10000,100000').split(',').map(Number);
const MINISEARCH_MAX = Number(process.env.BENCH_MINISEARCH_MAX ?? 10_000);
const CORPORA = process.env.BENCH_CORPORA ?? join(tmpdir(), 'ragseam-bench-corpora');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 50);
const TOP_K = 10;

function once(engine, corpus, cache) {
  const output = execFileSync(
    'node',
    [
      '--max-old-space-size=4096',
      'bench/bm25-once.mjs',
      engine,
      corpus,
      cache,
      String(QUESTIONS),
      String(TOP_K),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  return JSON.parse(output);
}

/** Pruned against exhaustive scoring on the index just built (bench/bm25-pruning.mjs). */
function prunedAgainstExhaustive(cache) {
  const [key] = readdirSync(join(cache, 'bm25-index'));
  const output = execFileSync(
    'node',
    ['bench/bm25-pruning.mjs', join(cache, 'bm25-index', key), String(QUESTIONS), String(TOP_K)],
    { encoding: 'utf8' },
  );
  return JSON.parse(output);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function medians(runs) {
  return {
    openMs: median(runs.map((r) => r.openMs)),
    openCpuMs: median(runs.map((r) => r.openCpuMs)),
    queryMedianMs: median(runs.map((r) => r.queryMedianMs)),
    queryCpuMedianMs: median(runs.map((r) => r.queryCpuMedianMs)),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
    top: runs[0].top,
  };
}

function agreement(ours, baseline) {
  let shared = 0;
  let total = 0;
  baseline.forEach((ids, q) => {
    const mine = new Set(ours[q]);
    shared += ids.filter((id) => mine.has(id)).length;
    total += ids.length;
  });
  return total === 0 ? 1 : shared / total;
}

mkdirSync(CORPORA, { recursive: true });
const fmt = (n, digits = 1) => n.toFixed(digits);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const loadBefore = load();
const rows = [];
for (const size of SIZES) {
  const corpus = join(CORPORA, `passages-${size}.jsonl`);
  await writeCorpus(corpus, size);
  const build = [];
  const reuse = [];
  const pruning = [];
  const baseline = [];
  for (let r = 0; r < REPEATS; r++) {
    const cache = mkdtempSync(join(tmpdir(), 'ragseam-bench-bm25-'));
    try {
      build.push(once('ragseam', corpus, cache));
      reuse.push(once('ragseam', corpus, cache));
      if (r === 0) pruning.push(prunedAgainstExhaustive(cache));
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
    if (size <= MINISEARCH_MAX) baseline.push(once('minisearch', corpus, 'none'));
  }
  const b = medians(build);
  const u = medians(reuse);
  const m = baseline.length > 0 ? medians(baseline) : undefined;
  rows.push(
    [
      size.toLocaleString('en'),
      `${fmt(b.openMs / 1000)} (${fmt(b.openCpuMs / 1000)} CPU)`,
      `${fmt(u.openMs / 1000, 2)} (${fmt(u.openCpuMs / 1000, 2)} CPU)`,
      `${fmt(u.queryMedianMs, 2)} (${fmt(u.queryCpuMedianMs, 2)} CPU)`,
      `${fmt(b.peakRssMb, 0)} / ${fmt(u.peakRssMb, 0)}`,
      m ? fmt(m.openMs / 1000) : '–',
      m ? fmt(m.queryMedianMs, 2) : '–',
      m ? fmt(m.peakRssMb, 0) : '–',
      m ? fmt(u.queryMedianMs / m.queryMedianMs, 3) : '–',
      m ? fmt(u.openMs / m.openMs, 3) : '–',
      m ? fmt(agreement(u.top, m.top), 3) : '–',
      `${fmt(pruning[0].ratioCpu, 2)} (${pruning[0].identical})`,
    ].join(' | '),
  );
}
console.log(`BM25, top ${TOP_K}, ${QUESTIONS} questions, medians of ${REPEATS} fresh processes each`);
console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after`);
console.log(
  '| passages | build s (CPU s) | reuse s (CPU s) | query ms (CPU ms) | peak MB build / reuse | MiniSearch build s | MiniSearch query ms | MiniSearch MB | query ratio | reuse/MiniSearch build | top-10 agreement | pruned/exhaustive CPU (identical) |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(`| ${row} |`);
