#!/usr/bin/env node
// Dense retrieval benchmark (npm run bench): for each size in BENCH_VECTORS (default 10,000 and
// 100,000; add 1000000 for the million), one fresh process (bench/dense-once.mjs) builds the IVF
// index over synthetic 384-dimensional vectors and asks 50 questions of brute-force search (the
// baseline) and of the index at several probe counts. Prints per size the build time, the query
// medians, each as a ratio to brute force in the same run, recall@10 against it, and peak RSS.
//   BENCH_VECTORS=10000,100000,1000000 node bench/dense.mjs
import { execFileSync } from 'node:child_process';

const SIZES = (process.env.BENCH_VECTORS ?? '10000,100000').split(',').map(Number);
const fmt = (n, digits = 1) => n.toFixed(digits);
const rows = [];
for (const size of SIZES) {
  const output = execFileSync('node', ['--max-old-space-size=6000', 'bench/dense-once.mjs', String(size)], {
    encoding: 'utf8',
  });
  const r = JSON.parse(output);
  for (const p of r.probes) {
    rows.push(
      [
        size.toLocaleString('en'),
        r.lists,
        `${p.probes}${p.probes === r.defaultProbes ? ' (default)' : ''}`,
        `${fmt(r.buildS)} (${fmt(r.buildCpuS)} CPU)`,
        `${fmt(p.queryMs, 2)} (${fmt(p.queryCpuMs, 2)} CPU)`,
        `${fmt(r.exact.queryMs, 1)} (${fmt(r.exact.queryCpuMs, 1)} CPU)`,
        fmt(p.ratioToExact, 3),
        fmt(p.recall, 3),
        fmt(r.peakRssMb, 0),
      ].join(' | '),
    );
  }
}
console.log('dense: IVF index against brute-force search (the baseline), synthetic 384-d vectors, top 10');
console.log(
  'vectors | lists | probes | build s | query median ms | brute force ms | ratio to brute force | recall@10 | peak RSS MB',
);
for (const row of rows) console.log(row);
