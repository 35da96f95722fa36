#!/usr/bin/env node
// Approximate-nearest-neighbour libraries against ragseam's own IVF index (the `dense:` index), on
// the synthetic 384-d vectors of bench/dense.mjs, one fresh process per candidate
// (bench/ann-once.mjs): build time (wall and CPU), query median (wall and CPU), recall@10 against
// brute force, peak RSS, and the size of the library's install. The libraries are not
// dependencies of ragseam: install each in a scratch folder and name its package folder here; a
// candidate whose variable is unset is skipped.
//   RAGSEAM_BENCH_HNSWLIB=/tmp/ann/hnswlib/node_modules/hnswlib-node \
//   RAGSEAM_BENCH_USEARCH=/tmp/ann/usearch/node_modules/usearch \
//   RAGSEAM_BENCH_LANCEDB=/tmp/ann/lancedb/node_modules/@lancedb/lancedb \
//   BENCH_ANN_ROWS=200000 node bench/ann-candidates.mjs
// BENCH_ANN_CANDIDATES=ivf,lancedb runs only those (the HNSW builds took 3 to 4 minutes of CPU at
// 200,000 vectors with one thread, and grow faster than the rows).
// Install size is that of the node_modules folder holding the package (everything its install
// brought), so install each library alone in its own folder.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';

const ROWS = Number(process.env.BENCH_ANN_ROWS ?? 200_000);
const ONLY = process.env.BENCH_ANN_CANDIDATES?.split(',');
const CANDIDATES = [
  ['ivf', 'ragseam IVF (no dependency)', undefined],
  ['hnswlib', 'hnswlib-node (HNSW)', process.env.RAGSEAM_BENCH_HNSWLIB],
  ['usearch', 'usearch (HNSW)', process.env.RAGSEAM_BENCH_USEARCH],
  ['lancedb', '@lancedb/lancedb (IVF-PQ)', process.env.RAGSEAM_BENCH_LANCEDB],
  ['lancedb-hnsw', '@lancedb/lancedb (IVF-HNSW-SQ)', process.env.RAGSEAM_BENCH_LANCEDB],
];

/** The node_modules folder a package folder sits in (scoped packages one level deeper). */
function installFolder(packageFolder) {
  let folder = packageFolder;
  while (!folder.endsWith('/node_modules') && folder !== '/') folder = dirname(folder);
  return folder;
}

const installMb = (folder) =>
  Number(execFileSync('du', ['-sk', installFolder(folder)], { encoding: 'utf8' }).split('\t')[0]) / 1024;
const fmt = (n, digits = 1) => n.toFixed(digits);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const loadBefore = load();
const rows = [];
for (const [name, label, folder] of CANDIDATES) {
  if (ONLY !== undefined && !ONLY.includes(name)) continue;
  if (name !== 'ivf' && (folder === undefined || !existsSync(folder))) {
    console.error(`skipped ${label}: set its RAGSEAM_BENCH_* variable to the installed package folder`);
    continue;
  }
  const output = execFileSync(
    'node',
    ['--max-old-space-size=8000', 'bench/ann-once.mjs', name, String(ROWS), ...(folder ? [folder] : [])],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const r = JSON.parse(output);
  for (const s of r.settings) {
    rows.push(
      [
        label,
        s.name,
        `${fmt(r.buildS)} (${fmt(r.buildCpuS)} CPU)`,
        `${fmt(s.queryMs, 2)} (${fmt(s.queryCpuMs, 2)} CPU)`,
        `${fmt(r.exact.queryMs, 1)} (${fmt(r.exact.queryCpuMs, 1)} CPU)`,
        fmt(s.recall, 3),
        `${fmt(r.peakRssMb, 0)} (${fmt(r.rssWithVectorsMb, 0)} vectors only)`,
        folder ? fmt(installMb(folder), 1) : '0',
      ].join(' | '),
    );
  }
}
console.log(`ANN candidates, ${ROWS.toLocaleString('en')} synthetic 384-d vectors, 50 questions, top 10`);
console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after`);
console.log(
  '| candidate | setting | build s (CPU s) | query median ms (CPU ms) | brute force ms (CPU ms) | recall@10 | peak RSS MB | install MB |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(`| ${row} |`);
