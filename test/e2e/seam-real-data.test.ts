import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { answersMatch } from '../../src/metrics/match.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const NQ = join(ROOT, '../shared/data/nq-open-oracle/nq-open-oracle.jsonl.gz');
const present = existsSync(NQ);
if (!present) console.warn(`skipping the seam on real data: ${NQ} is absent (it ships beside the project)`);
const QUESTIONS = 800;

interface Row {
  id: string;
  question: string;
  answers: string[];
  gold_passages: { id: string; title: string; text: string }[];
}

/** The first questions of nq-open-oracle with their gold context (`isgold`) as gold passages, and the corpus of those passages. */
async function convert(dir: string): Promise<{ data: string; corpus: string; rows: Row[] }> {
  const rows: Row[] = [];
  const lines = createInterface({ input: createReadStream(NQ).pipe(createGunzip()) });
  for await (const line of lines) {
    if (rows.length === QUESTIONS) break;
    const row = JSON.parse(line) as {
      question: string;
      answers: string[];
      ctxs: { title: string; text: string; isgold?: boolean }[];
    };
    const id = `nq-${rows.length + 1}`;
    rows.push({
      id,
      question: row.question,
      answers: row.answers,
      gold_passages: row.ctxs
        .filter((ctx) => ctx.isgold === true)
        .map((ctx, i) => ({ id: `${id}-gold-${i + 1}`, title: ctx.title, text: ctx.text })),
    });
  }
  const data = join(dir, 'data.jsonl');
  const corpus = join(dir, 'corpus.jsonl');
  writeFileSync(data, rows.map((row) => JSON.stringify(row)).join('\n'));
  writeFileSync(corpus, rows.flatMap((row) => row.gold_passages.map((p) => JSON.stringify(p))).join('\n'));
  return { data, corpus, rows };
}

/** The reader's behaviour class, as test/fixtures/nq-seam-reader.mjs computes it. */
function behaviour(question: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < question.length; i++) {
    hash ^= question.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 10;
}

/** Written apart from src/probes: a phrase as whole tokens, ignoring case and diacritics. */
function holds(text: string, phrase: string): boolean {
  const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(phrase.trim())
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'u').test(fold(text));
}

type Passage = { title?: string; text: string };
const heldIn = (passages: Passage[], answers: string[]) =>
  answers.some((a) => a.trim() !== '' && passages.some((p) => holds(`${p.title ?? ''}\n${p.text}`, a)));

describe.skipIf(!present)(
  'the seam on Natural Questions (nq-open-oracle), BM25 over its gold passages',
  () => {
    it('agrees with the category the scripted reader fixes on every question', async () => {
      const dir = tempDir();
      const { data, corpus } = await convert(dir);
      const result = await runCli([
        'probe',
        data,
        '-g',
        `exec:node test/fixtures/nq-seam-reader.mjs ${data}`,
        '--retriever',
        `bm25:${corpus}`,
        '--top-k',
        '3',
        '--probes',
        'gold',
        '--no-cache',
        '--concurrency',
        '8',
        '--format',
        'json',
      ]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      const disagreements: string[] = [];
      const byClass = new Map<string, Map<string, number>>();
      for (const q of report.questions) {
        const kind = ['reader', 'memory', 'title', 'abstainer', 'fallback'][
          Math.max(0, behaviour(q.question) - 5)
        ] as string;
        const right = (answer: string) => q.answers.some((g: string) => answersMatch(answer, g));
        const held = heldIn(q.passages, q.answers);
        const gold = q.probes.find((p: { probe: string }) => p.probe === 'gold');
        // The order of docs/metrics.md, from what the reader is known to do.
        let expected: string;
        if (right(q.baseline)) expected = held ? 'ok' : 'memory-covered';
        else if (kind === 'title' && q.passages.length > 0) expected = 'misled-by-passage';
        else if (held) expected = 'generator-ignored';
        else expected = right(gold.answer) ? 'retriever-miss' : 'fails-with-gold';
        if (q.seam.category !== expected) disagreements.push(`${q.id}: ${q.seam.category} != ${expected}`);
        const counts = byClass.get(kind) ?? new Map<string, number>();
        counts.set(q.seam.category, (counts.get(q.seam.category) ?? 0) + 1);
        byClass.set(kind, counts);
      }
      expect(disagreements).toEqual([]);
      // What each behaviour can produce, whatever the retriever returned.
      const allowed: Record<string, string[]> = {
        reader: ['ok', 'retriever-miss', 'memory-covered', 'fails-with-gold'],
        memory: ['ok', 'memory-covered'],
        fallback: ['ok', 'memory-covered'],
        title: ['misled-by-passage', 'ok', 'memory-covered'],
        abstainer: ['generator-ignored', 'fails-with-gold', 'ok'],
      };
      for (const [kind, counts] of byClass) {
        for (const category of counts.keys()) expect(allowed[kind]).toContain(category);
      }
      expect(report.summary.seam.goldEvidence).toEqual({ given: QUESTIONS, inferred: 0, none: 0 });
    }, 120_000);
  },
);
