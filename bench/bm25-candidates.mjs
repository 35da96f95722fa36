#!/usr/bin/env node
// The candidates measured before choosing the BM25 index (docs/performance.md), one per process:
//   CANDIDATES=<dir with node_modules> node bench/bm25-candidates.mjs <fts5|lancedb> <corpus.jsonl> <index dir> <questions> <topK>
// They are not dependencies of ragseam: install better-sqlite3@12 and @lancedb/lancedb@0.31.0
// into a scratch folder and point CANDIDATES at it. Prints the same JSON as bm25-once.mjs, plus
// reuseMs (opening the built index again).
import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { measureQueries } from './measure-queries.mjs';
import { syntheticQuestions } from './synthetic-corpus.mjs';

const [engine, corpus, folder, questionCount, topKText] = process.argv.slice(2);
const require = createRequire(join(process.env.CANDIDATES ?? process.cwd(), 'package.json'));
const questions = syntheticQuestions(Number(questionCount));
const topK = Number(topKText);

async function* batches(size) {
  let batch = [];
  for await (const line of createInterface({ input: createReadStream(corpus) })) {
    if (line.trim() === '') continue;
    const p = JSON.parse(line);
    batch.push({ id: p.id, body: `${p.title ?? ''}\n${p.text}` });
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const terms = (q) =>
  q
    .toLowerCase()
    .split(/[\n\r\p{Z}\p{P}]+/u)
    .filter((t) => t !== '');

async function fts5() {
  const Database = require('better-sqlite3');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'fts5.db');
  if (!existsSync(file)) {
    const db = new Database(file);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec('CREATE VIRTUAL TABLE passages USING fts5(id UNINDEXED, body)');
    const insert = db.prepare('INSERT INTO passages (id, body) VALUES (?, ?)');
    const many = db.transaction((rows) => {
      for (const row of rows) insert.run(row.id, row.body);
    });
    for await (const rows of batches(10_000)) many(rows);
    db.exec("INSERT INTO passages(passages) VALUES('optimize')");
    db.close();
  }
  return () => {
    const db = new Database(file, { readonly: true });
    const query = db.prepare(
      'SELECT id FROM passages WHERE passages MATCH ? ORDER BY bm25(passages, 0, 1) LIMIT ?',
    );
    return (question) =>
      query
        .all(
          terms(question)
            .map((t) => `"${t.replaceAll('"', '""')}"`)
            .join(' OR '),
          topK,
        )
        .map((r) => r.id);
  };
}

async function lancedb() {
  const lance = require('@lancedb/lancedb');
  const db = await lance.connect(folder);
  if (!(await db.tableNames()).includes('passages')) {
    let table;
    for await (const rows of batches(50_000)) {
      if (table === undefined) table = await db.createTable('passages', rows);
      else await table.add(rows);
    }
    await table.createIndex('body', { config: lance.Index.fts({ withPosition: false }) });
  }
  return async () => {
    const table = await (await lance.connect(folder)).openTable('passages');
    return async (question) =>
      (
        await table.search(terms(question).join(' '), 'fts').select(['id', '_score']).limit(topK).toArray()
      ).map((r) => r.id);
  };
}

if (process.env.FRESH === '1') rmSync(folder, { recursive: true, force: true });
const started = performance.now();
const open = engine === 'fts5' ? await fts5() : await lancedb();
const openMs = performance.now() - started;
const reuseStarted = performance.now();
const search = await open();
const reuseMs = performance.now() - reuseStarted;
console.log(JSON.stringify({ openMs, reuseMs, ...(await measureQueries(questions, search)) }));
