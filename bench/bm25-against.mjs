#!/usr/bin/env node
// This build's pruned BM25 query against another build's (e.g. main's dist copied aside, with an
// index that build made), and exhaustive scoring, in one process, interleaved question by question
// (so machine load hits all alike): median and mean wall and CPU time per question, the ratios of
// this build to the other, and whether all three top-k lists are identical (ids and scores).
//   node bench/bm25-against.mjs <other dist folder> <other index folder> <index folder> [questions=200] [topK=10]
// Index folders are ones under <cache>/bm25-index/ (bench/retrieval.mjs or any run builds them).
import { join, resolve } from 'node:path';
import { Bm25Searcher } from '../dist/retrievers/bm25/search-index.js';
import { median, timed } from './measure-queries.mjs';
import { syntheticQuestions } from './synthetic-corpus.mjs';

const [otherDist, otherFolder, folder, questionCount = '200', topKText = '10'] = process.argv.slice(2);
const { Bm25Searcher: OtherSearcher } = await import(
  join(resolve(otherDist), 'retrievers/bm25/search-index.js')
);
const topK = Number(topKText);
const other = new OtherSearcher(otherFolder);
const searcher = new Bm25Searcher(folder);
const questions = syntheticQuestions(Number(questionCount));
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

const runs = { other: [], this: [], exhaustive: [] };
const key = (hits) => JSON.stringify(hits.map((hit) => [hit.id, hit.score]));
let identical = 0;
for (const question of questions) {
  const exhaustive = timed(() => searcher.searchExhaustive(question, topK));
  const before = timed(() => other.search(question, topK));
  const after = timed(() => searcher.search(question, topK));
  runs.other.push(before);
  runs.this.push(after);
  runs.exhaustive.push(exhaustive);
  if (key(after.result) === key(before.result) && key(after.result) === key(exhaustive.result)) identical++;
}
other.close();
searcher.close();
const round = (n) => Number(n.toFixed(3));
const summary = Object.fromEntries(
  Object.entries(runs).map(([name, list]) => {
    const wall = list.map((run) => run.wallMs);
    const cpu = list.map((run) => run.cpuMs);
    return [
      name,
      {
        wallMs: round(median(wall)),
        cpuMs: round(median(cpu)),
        wallMeanMs: round(mean(wall)),
        cpuMeanMs: round(mean(cpu)),
      },
    ];
  }),
);
console.log(
  JSON.stringify({
    passages: searcher.count,
    questions: questions.length,
    topK,
    ...summary,
    ratioWall: round(summary.this.wallMs / summary.other.wallMs),
    ratioCpu: round(summary.this.cpuMs / summary.other.cpuMs),
    identical: `${identical}/${questions.length}`,
  }),
);
