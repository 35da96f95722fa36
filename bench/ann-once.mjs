#!/usr/bin/env node
// One approximate-nearest-neighbour candidate in a fresh process, so its peak memory is its own:
//   node bench/ann-once.mjs <ivf|hnswlib|usearch|lancedb|lancedb-hnsw> <rows> [library folder]
// The synthetic 384-d unit vectors of bench/synthetic-vectors.mjs (the ones bench/dense.mjs uses),
// 50 questions, top 10. Builds the candidate's index over all rows, then asks every question of
// exact brute-force search (the baseline, ragseam's `?exact`) and of the index at one or more
// search settings, interleaved. Prints JSON: build wall and CPU seconds (CPU is user + system of the
// whole process, every thread included), per setting the query median (wall and CPU ms) and recall@10
// against brute force, peak RSS, and the RSS with only the vectors in memory (before building).
// Every library runs single-threaded where it lets us choose (usearch: threads = 1; hnswlib-node
// has no threads); LanceDB uses its own thread pool.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildIvfIndex,
  defaultListCount,
  defaultProbeCount,
  searchIvfIndex,
} from '../dist/retrievers/dense/ivf-index.js';
import { searchVectorIndex } from '../dist/retrievers/dense/vector-index.js';
import { syntheticVectors } from './synthetic-vectors.mjs';

const [candidate, rowsText, library] = process.argv.slice(2);
const count = Number(rowsText);
const dimension = 384;
const topK = 10;
const { matrix, questions } = syntheticVectors(count, dimension, 50);
const vectors = { count, dimension, matrix };
const rssWithVectorsMb = process.memoryUsage().rss / 2 ** 20;
const row = (r) => matrix.subarray(r * dimension, (r + 1) * dimension);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Each candidate: build() the index, then settings, each a name and search(question) -> rows. */
const candidates = {
  async ivf() {
    const lists = defaultListCount(count);
    const ivf = buildIvfIndex(vectors, lists);
    const probes = defaultProbeCount(lists, count);
    const search = (p) => (q) => searchIvfIndex(ivf, vectors, q, topK, p).map((hit) => hit.row);
    return [
      [`lists ${lists}, probes ${probes} (default)`, search(probes)],
      [`lists ${lists}, probes ${probes * 2}`, search(probes * 2)],
    ];
  },
  async hnswlib() {
    const { HierarchicalNSW } = createRequire(import.meta.url)(library);
    const index = new HierarchicalNSW('ip', dimension);
    index.initIndex(count, 16, 200, 100);
    // hnswlib-node takes plain arrays only.
    for (let r = 0; r < count; r++) index.addPoint(Array.from(row(r)), r);
    const search = (ef) => (q) => {
      index.setEf(ef);
      return index.searchKnn(Array.from(q), topK).neighbors;
    };
    return [
      ['M 16, efConstruction 200, ef 64', search(64)],
      ['M 16, efConstruction 200, ef 128', search(128)],
    ];
  },
  async usearch() {
    const { Index } = createRequire(import.meta.url)(library);
    const settings = (expansion) => ({
      dimensions: dimension,
      metric: 'ip',
      connectivity: 16,
      expansion_add: 128,
      expansion_search: expansion,
    });
    const index = new Index(settings(64));
    const keys = new BigUint64Array(count);
    for (let r = 0; r < count; r++) keys[r] = BigInt(r);
    index.add(keys, matrix, 1);
    const search = (q) => Array.from(index.search(q, topK, 1).keys, Number);
    return [['connectivity 16, expansion add 128, search 64', search]];
  },
  lancedb: () =>
    lancedbTable('IVF-PQ', (Index) => Index.ivfPq({ distanceType: LANCEDB_DISTANCE }), [
      ['defaults (nprobes 20)', (query) => query],
      ['nprobes 20, refine factor 10', (query) => query.refineFactor(10)],
    ]),
  'lancedb-hnsw': () =>
    lancedbTable('IVF-HNSW-SQ', (Index) => Index.hnswSq({ distanceType: LANCEDB_DISTANCE }), [
      ['defaults', (query) => query],
      ['ef 128', (query) => query.ef(128)],
    ]),
};

// The vectors are unit length, so cosine ranks as the dot product does; LanceDB's HNSW-SQ index
// built and asked with 'dot' returned recall 0.06 on 3,000 of these vectors (0.94 with cosine).
const LANCEDB_DISTANCE = 'cosine';

/** A LanceDB table of the vectors with the given index, asked with each query setting. */
async function lancedbTable(kind, makeIndex, querySettings) {
  const require = createRequire(join(library, 'package.json'));
  const lancedb = require(library);
  const arrow = require('apache-arrow');
  const folder = mkdtempSync(join(tmpdir(), 'ragseam-bench-lancedb-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  const db = await lancedb.connect(folder);
  const ids = new Int32Array(count);
  for (let r = 0; r < count; r++) ids[r] = r;
  const item = new arrow.Field('item', new arrow.Float32(), true);
  const values = arrow.makeData({ type: new arrow.Float32(), length: count * dimension, data: matrix });
  const table = new arrow.Table({
    id: arrow.makeVector(arrow.makeData({ type: new arrow.Int32(), length: count, data: ids })),
    vector: arrow.makeVector(
      arrow.makeData({ type: new arrow.FixedSizeList(dimension, item), length: count, child: values }),
    ),
  });
  const vectorsTable = await db.createTable('vectors', table);
  await vectorsTable.createIndex('vector', { config: makeIndex(lancedb.Index) });
  const search = (setup) => async (q) =>
    (
      await setup(
        vectorsTable.vectorSearch(q).distanceType(LANCEDB_DISTANCE).select(['id', '_distance']).limit(topK),
      ).toArray()
    ).map((hit) => hit.id);
  return querySettings.map(([name, setup]) => [`${kind}, ${name}`, search(setup)]);
}

let started = performance.now();
let cpu = cpuMs();
const settings = await candidates[candidate]();
const buildS = (performance.now() - started) / 1000;
const buildCpuS = (cpuMs() - cpu) / 1000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const exact = { wall: [], cpu: [] };
const figures = settings.map(() => ({ wall: [], cpu: [], found: 0 }));
for (const question of questions) {
  started = performance.now();
  cpu = cpuMs();
  const truth = new Set(searchVectorIndex(vectors, question, topK).map((hit) => hit.row));
  exact.wall.push(performance.now() - started);
  exact.cpu.push(cpuMs() - cpu);
  for (const [i, [, search]] of settings.entries()) {
    started = performance.now();
    cpu = cpuMs();
    const found = await search(question);
    figures[i].wall.push(performance.now() - started);
    figures[i].cpu.push(cpuMs() - cpu);
    figures[i].found += found.filter((r) => truth.has(Number(r))).length;
  }
}
console.log(
  JSON.stringify({
    candidate,
    rows: count,
    buildS,
    buildCpuS,
    exact: { queryMs: median(exact.wall), queryCpuMs: median(exact.cpu) },
    settings: settings.map(([name], i) => ({
      name,
      queryMs: median(figures[i].wall),
      queryCpuMs: median(figures[i].cpu),
      recall: figures[i].found / (questions.length * topK),
    })),
    rssWithVectorsMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
