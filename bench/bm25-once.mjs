#!/usr/bin/env node
// One BM25 measurement in a fresh process, so its peak memory is its own:
//   node bench/bm25-once.mjs <ragseam|minisearch> <corpus.jsonl> <cache dir | none> <questions> <topK>
// prints {"openMs", "openCpuMs", "queryMedianMs", "queryCpuMedianMs", "peakRssMb", "top"} as JSON: openMs is the wall
// time to build or reuse the index (openCpuMs its CPU time, which a busy machine inflates less), top the ranked passage ids of the first 50 questions.
import { readFileSync } from 'node:fs';
import { measureQueries } from './measure-queries.mjs';
import { syntheticQuestions } from './synthetic-corpus.mjs';

const [engine, corpus, cache, questionCount, topKText] = process.argv.slice(2);
const questions = syntheticQuestions(Number(questionCount));
const topK = Number(topKText);

async function ragseamSearch() {
  const { createRetriever } = await import('../dist/retrievers/registry.js');
  const retriever = await createRetriever(`bm25:${corpus}`, cache === 'none' ? {} : { cacheDir: cache });
  const search = async (question) => (await retriever.retrieve({ id: 'q', question }, topK)).map((p) => p.id);
  // Without a cache the index is in a temporary folder that close() removes.
  return Object.assign(search, { close: () => retriever.close() });
}

/** The pre-index implementation: MiniSearch over the whole corpus in memory. */
async function miniSearch() {
  const { default: MiniSearch } = await import('minisearch');
  const passages = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  const index = new MiniSearch({ fields: ['body'], searchOptions: { bm25: { k: 1.2, b: 0.75, d: 0 } } });
  index.addAll(passages.map((p, id) => ({ id, body: `${p.title ?? ''}\n${p.text}` })));
  return async (question) =>
    index
      .search(question)
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, topK)
      .map((hit) => passages[hit.id].id);
}

const started = performance.now();
const search = engine === 'minisearch' ? await miniSearch() : await ragseamSearch();
const openMs = performance.now() - started;
const usage = process.cpuUsage();
const openCpuMs = (usage.user + usage.system) / 1000;
console.log(JSON.stringify({ openMs, openCpuMs, ...(await measureQueries(questions, search)) }));
await search.close?.();
