#!/usr/bin/env node
// One dense-retrieval measurement in a fresh process, so its peak memory is its own:
//   node bench/dense-once.mjs <rows> [dimension=384] [questions=50] [topK=10]
// Synthetic unit vectors with topic structure (100 topics × 100 subtopics: a vector is its topic,
// 0.8 × its subtopic and noise of norm 1.5, normalised; questions are made the same way and are not
// in the corpus), seeded. Builds ragseam's IVF index (src/retrievers/dense/ivf-index.ts) with its
// default lists, then asks every question of exact brute-force search (the baseline) and of the
// index at several probe counts, interleaved. Prints JSON: build wall and CPU seconds, per probe
// count the query median (wall and CPU ms), its ratio to brute force, and recall@k against it.
import {
  buildIvfIndex,
  defaultListCount,
  defaultProbeCount,
  searchIvfIndex,
} from '../dist/retrievers/dense/ivf-index.js';
import { seededRandom } from '../dist/retrievers/dense/kmeans.js';
import { normalizeInPlace, searchVectorIndex } from '../dist/retrievers/dense/vector-index.js';

const [rowsText, dimensionText = '384', questionsText = '50', topKText = '10'] = process.argv.slice(2);
const count = Number(rowsText);
const dimension = Number(dimensionText);
const topK = Number(topKText);
const random = seededRandom(11);

function unitNoise(scale) {
  const v = new Float32Array(dimension);
  let norm = 0;
  for (let i = 0; i < dimension; i++) {
    v[i] = random() * 2 - 1;
    norm += v[i] * v[i];
  }
  const factor = scale / Math.sqrt(norm);
  for (let i = 0; i < dimension; i++) v[i] *= factor;
  return v;
}
const topics = Array.from({ length: 100 }, () => unitNoise(1));
const subtopics = Array.from({ length: 10_000 }, () => unitNoise(0.8));
function sample(target, offset) {
  const sub = Math.floor(random() * subtopics.length);
  const topic = topics[Math.floor(sub / 100)];
  const noise = unitNoise(1.5);
  for (let i = 0; i < dimension; i++) target[offset + i] = topic[i] + subtopics[sub][i] + noise[i];
  normalizeInPlace(target.subarray(offset, offset + dimension));
}

const matrix = new Float32Array(count * dimension);
for (let row = 0; row < count; row++) sample(matrix, row * dimension);
const index = { count, dimension, matrix };
const questions = Array.from({ length: Number(questionsText) }, () => {
  const q = new Float32Array(dimension);
  sample(q, 0);
  return q;
});

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
