// Answer-cache store: write, resume (open) and lookup times of the JSON Lines store ragseam uses,
// against SQLite through better-sqlite3 when RAGSEAM_BENCH_SQLITE names an installed copy of it
// (it is not a dependency). Times are CPU ms (user + system) of this process; "index bytes/entry"
// is the memory an open store holds per entry. Usage: node --expose-gc bench/cache-store.mjs [entries]
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAnswerCache } from '../dist/engine/calls/answer-cache.js';

const entries = Number(process.argv[2] ?? 200_000);
const keys = Array.from({ length: entries }, (_, i) => createHash('sha256').update(String(i)).digest('hex'));
const answer = (i) => ({
  answer: `answer number ${i} to a question about something`,
  logprobs: [-0.25, -0.5],
});
const owner = { id: 'exec:bench', fingerprint: 'v1' };
/** CPU time (user + system) of this process, in ms: the machine may be shared. */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const ms = (start) => Math.round(cpuNow() - start);
/** Memory the index holds: heap and typed arrays, after a collection (with --expose-gc). */
const heldBytes = () => {
  globalThis.gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/** Answers arrive a few at a time, as in a run at --concurrency 32: each turn's are written together. */
const PER_TURN = 32;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function jsonl(dir) {
  let start = cpuNow();
  const store = openAnswerCache(dir, owner);
  for (let i = 0; i < entries; i++) {
    store.set(keys[i], answer(i));
    if ((i + 1) % PER_TURN === 0) await nextTurn();
  }
  store.close();
  const write = ms(start);
  const heldBefore = heldBytes();
  start = cpuNow();
  const reopened = openAnswerCache(dir, owner);
  const open = ms(start);
  const indexBytes = heldBytes() - heldBefore;
  start = cpuNow();
  for (let i = 0; i < entries; i++) if (reopened.get(keys[i]) === undefined) throw new Error('lost');
  const lookup = ms(start);
  reopened.close();
  return {
    store: 'JSON Lines (checksummed, index in memory)',
    write,
    open,
    lookup,
    'lookups/s': Math.round((entries * 1000) / lookup),
    'index bytes/entry': Math.round(indexBytes / entries),
    bytes: statSync(reopened.file).size,
  };
}

function sqlite(dir, Database) {
  const file = join(dir, 'answers.sqlite');
  let start = cpuNow();
  let db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS answers (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID');
  const insert = db.prepare('INSERT OR IGNORE INTO answers (k, v) VALUES (?, ?)');
  // One transaction per answer, as the cache must keep each answer the moment it arrives.
  for (let i = 0; i < entries; i++) insert.run(keys[i], JSON.stringify(answer(i)));
  db.close();
  const write = ms(start);
  start = cpuNow();
  db = new Database(file);
  const select = db.prepare('SELECT v FROM answers WHERE k = ?');
  const open = ms(start);
  start = cpuNow();
  for (let i = 0; i < entries; i++) if (select.get(keys[i]) === undefined) throw new Error('lost');
  const lookup = ms(start);
  db.close();
  return {
    store: `SQLite ${'WAL, synchronous=NORMAL'}`,
    write,
    open,
    lookup,
    'lookups/s': Math.round((entries * 1000) / lookup),
    bytes: statSync(file).size,
  };
}

const rows = [];
const dir = mkdtempSync(join(tmpdir(), 'ragseam-bench-cache-'));
try {
  rows.push(await jsonl(join(dir, 'jsonl')));
  if (process.env.RAGSEAM_BENCH_SQLITE !== undefined) {
    const Database = createRequire(import.meta.url)(process.env.RAGSEAM_BENCH_SQLITE);
    const folder = join(dir, 'sqlite');
    (await import('node:fs')).mkdirSync(folder);
    rows.push(sqlite(folder, Database));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`answer cache, ${entries} entries (ms; bytes on disk)`);
console.table(rows);
