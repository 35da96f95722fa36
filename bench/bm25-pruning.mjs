#!/usr/bin/env node
// Pruned against exhaustive BM25 scoring on one built index, in one process, interleaved question
// by question (so machine load hits both alike): median wall and CPU time per question, their
// ratio, and whether every top-k list is identical (ids and scores).
//   node bench/bm25-pruning.mjs <index folder> [questions=200] [topK=10]
// The index folder is one under <cache>/bm25-index/ (bench/retrieval.mjs or any run builds it).
import { Bm25Searcher } from '../dist/retrievers/bm25/search-index.js';
import { median, timed } from './measure-queries.mjs';
import { syntheticQuestions } from './synthetic-corpus.mjs';

const [folder, questionCount = '200', topKText = '10'] = process.argv.slice(2);
const topK = Number(topKText);
const searcher = new Bm25Searcher(folder);
const questions = syntheticQuestions(Number(questionCount));

const figures = { pruned: { wall: [], cpu: [] }, exhaustive: { wall: [], cpu: [] } };
let identical = 0;
for (const question of questions) {
  const exhaustive = timed(() => searcher.searchExhaustive(question, topK));
  const pruned = timed(() => searcher.search(question, topK));
  for (const [name, run] of [
    ['pruned', pruned],
    ['exhaustive', exhaustive],
  ]) {
    figures[name].wall.push(run.wallMs);
    figures[name].cpu.push(run.cpuMs);
  }
  const key = (hits) => JSON.stringify(hits.map((hit) => [hit.id, hit.score]));
  if (key(pruned.result) === key(exhaustive.result)) identical++;
}
searcher.close();
const summary = Object.fromEntries(
  Object.entries(figures).map(([name, f]) => [name, { wallMs: median(f.wall), cpuMs: median(f.cpu) }]),
);
console.log(
  JSON.stringify({
    passages: searcher.count,
    questions: questions.length,
    topK,
    ...summary,
    ratioWall: summary.pruned.wallMs / summary.exhaustive.wallMs,
    ratioCpu: summary.pruned.cpuMs / summary.exhaustive.cpuMs,
    identical: `${identical}/${questions.length}`,
  }),
);
