#!/usr/bin/env node
// One dense-retrieval measurement in a fresh process, so its peak memory is its own:
//   node bench/dense-once.mjs <rows> [dimension=384] [questions=50] [topK=10]
// Synthetic unit vectors with topic structure (bench/synthetic-vectors.mjs), seeded. Builds ragseam's IVF index (src/retrievers/dense/ivf-index.ts) with its
// default lists, then asks every question of exact brute-force search (the baseline) and of the
// index at several probe counts, interleaved. Prints JSON: build wall and CPU seconds, per probe
// count the query median (wall and CPU ms), its ratio to brute force, and recall@k against it.
import {
  buildIvfIndex,
  defaultListCount,
  defaultProbeCount,
  searchIvfIndex,
} from '../dist/retrievers/dense/ivf-index.js';
import { searchVectorIndex } from '../dist/retrievers/dense/vector-index.js';
import { syntheticVectors } from './synthetic-vectors.mjs';

const [rowsText, dimensionText = '384', questionsText = '50', topKText = '10'] = process.argv.slice(2);
const count = Number(rowsText);
const dimension = Number(dimensionText);
const topK = Number(topKText);
const { matrix, questions } = syntheticVectors(count, dimension, Number(questionsText));
const index = { count, dimension, matrix };

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const lists = Number(process.env.BENCH_LISTS ?? defaultListCount(count));
let started = performance.now();
let cpu = cpuMs();
const ivf = buildIvfIndex(index, lists);
const buildS = (performance.now() - started) / 1000;
const buildCpuS = (cpuMs() - cpu) / 1000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const probeCounts = [
  ...new Set([defaultProbeCount(lists, count), 8, 16, 32, 64, 128].filter((p) => p <= lists)),
].sort((a, b) => a - b);
const figures = { exact: { wall: [], cpu: [] } };
for (const p of probeCounts) figures[p] = { wall: [], cpu: [], found: 0 };
for (const question of questions) {
  started = performance.now();
  cpu = cpuMs();
  const truth = searchVectorIndex(index, question, topK);
  figures.exact.wall.push(performance.now() - started);
  figures.exact.cpu.push(cpuMs() - cpu);
  const wanted = new Set(truth.map((hit) => hit.row));
  for (const p of probeCounts) {
    started = performance.now();
    cpu = cpuMs();
    const found = searchIvfIndex(ivf, index, question, topK, p);
    figures[p].wall.push(performance.now() - started);
    figures[p].cpu.push(cpuMs() - cpu);
    figures[p].found += found.filter((hit) => wanted.has(hit.row)).length;
  }
}
const exactMs = median(figures.exact.wall);
console.log(
  JSON.stringify({
    rows: count,
    dimension,
    lists,
    defaultProbes: defaultProbeCount(lists, count),
    buildS,
    buildCpuS,
    exact: { queryMs: exactMs, queryCpuMs: median(figures.exact.cpu) },
    probes: probeCounts.map((p) => ({
      probes: p,
      queryMs: median(figures[p].wall),
      queryCpuMs: median(figures[p].cpu),
      ratioToExact: median(figures[p].wall) / exactMs,
      recall: figures[p].found / (questions.length * topK),
    })),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
