import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// test/fixtures/seam-reader.mjs fixes each question's category in test/fixtures/seam.jsonl; the
// expected figures below are worked out by hand from the reader's rules (see its header).
const RUN = [
  'probe',
  'test/fixtures/seam.jsonl',
  '-g',
  'exec:node test/fixtures/seam-reader.mjs',
  '--top-k',
  '2',
  '--no-cache',
];
const L2_3 = 1 / Math.log2(3);

describe('seam and alignment, known truth', () => {
  interface EstimateJson {
    value: number;
    n: number;
  }
  let report: {
    summary: {
      seam: {
        counts: Record<string, number>;
        shares: Record<string, EstimateJson>;
        wrong: number;
        misledFollowed: number;
        retrieverSide: EstimateJson;
        generatorSide: EstimateJson;
        goldEvidence: Record<string, number>;
      };
      alignment: Record<'ndcg' | 'kendallTau' | 'usefulBelowUseless', EstimateJson> & {
        utilityAtRank: EstimateJson[];
      };
    };
    questions: { id: string; seam: { category: string; rank?: number }; gold?: { inferred: boolean } }[];
  };
  beforeAll(async () => {
    const result = await runCli([...RUN, '--format', 'json']);
    expect(result.code).toBe(0);
    report = JSON.parse(result.stdout);
  });

  it('puts every question in the category its behaviour fixes, with exact counts', () => {
    const byId = Object.fromEntries(report.questions.map((q) => [q.id, q.seam]));
    expect(byId).toEqual({
      a1: { category: 'ok' },
      a2: { category: 'ok' },
      a3: { category: 'ok' },
      m1: { category: 'memory-covered' },
      m2: { category: 'memory-covered' },
      l1: { category: 'misled-by-passage', rank: 2, followed: true },
      l2: { category: 'misled-by-passage', rank: 1, followed: true },
      g1: { category: 'generator-ignored' },
      r1: { category: 'retriever-miss' },
      r2: { category: 'retriever-miss' },
      h1: { category: 'fails-with-gold' },
      e1: { category: 'evidence-missing' },
      e2: { category: 'evidence-missing' },
      u1: { category: 'unscored' },
    });
    const { seam } = report.summary;
    expect(seam.counts).toEqual({
      ok: 3,
      'memory-covered': 2,
      'misled-by-passage': 2,
      'generator-ignored': 1,
      'retriever-miss': 2,
      'fails-with-gold': 1,
      'evidence-missing': 2,
      unscored: 1,
    });
    expect(seam.wrong).toBe(8);
    expect(seam.misledFollowed).toBe(2);
    expect(seam.retrieverSide.value).toBeCloseTo(4 / 14, 12);
    expect(seam.generatorSide.value).toBeCloseTo(2 / 14, 12);
    expect(seam.shares['retriever-miss'].value).toBeCloseTo(2 / 14, 12);
    expect(seam.goldEvidence).toEqual({ given: 4, inferred: 0, none: 10 });
  });

  it('computes alignment from the solo utilities as worked out by hand', () => {
    const { alignment } = report.summary;
    // ndcg over a1, a2 (1), a3 (useful at rank 2 only), m1, m2 (both useful), u1 (no gold: reproduces baseline at rank 1)
    expect(alignment.ndcg.value).toBeCloseTo((5 + L2_3) / 6, 12);
    expect(alignment.ndcg.n).toBe(6);
    // tau-b defined for a1, a2, u1 (+1) and a3 (-1)
    expect(alignment.kendallTau.value).toBeCloseTo(0.5, 12);
    expect(alignment.usefulBelowUseless.value).toBeCloseTo(0.25, 12);
    expect(alignment.utilityAtRank.map((e) => e.value)).toEqual([4 / 13, 3 / 13]);
  });

  it('gates on seam shares and alignment', async () => {
    const result = await runCli([
      ...RUN,
      '--max',
      'seam.retriever-miss=0.1',
      '--fail-under',
      'alignment.ndcg=0.8',
      '--format',
      'table',
    ]);
    expect(result.code).toBe(1);
    // The headline is wrapped to 80 columns.
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      'wrong answers 8 of 14: retriever-side 4 (retriever-miss 2, misled-by-passage 2 of which 2 followed), generator-side 2 (generator-ignored 1, fails-with-gold 1), evidence missing 2',
    );
    expect(result.stdout).toMatch(/gate seam\.retriever-miss <= 0\.1: failed by 0\.04; value 0\.14 \[/);
    expect(result.stdout).toMatch(/gate alignment\.ndcg >= 0\.8: passed by 0\.14; value 0\.94 \[/);
  });

  it('explain shows each passage with its score, utility and influence, and the seam', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    expect((await runCli([...RUN, '--out', out, '--format', 'json'])).code).toBe(0);
    const explained = await runCli(['explain', out, 'l1']);
    expect(explained.stdout).toContain(
      '1. (l1#1)  utility: not right from it alone · influence: none (the answer stays without it)',
    );
    expect(explained.stdout).toContain(
      '2. (l1#2)  utility: not right from it alone · influence: without it the answer became',
    );
    expect(explained.stdout).toContain('gold evidence\n  The code of L1 is Paris.');
    expect(explained.stdout).toContain('seam: misled-by-passage (rank 2, followed)');
  });
});

describe('weak gold evidence from a bm25 corpus', () => {
  it('infers the gold passage the retriever missed, says so, and blames the retriever', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'corpus.jsonl');
    const data = join(dir, 'data.jsonl');
    writeFileSync(
      corpus,
      [
        { id: 'noise', text: 'W1 W1 W1: what code? The weather in W1 is mild.' },
        { id: 'answer', text: 'The code of W1 is Accra.' },
        { id: 'other', text: 'The code of Z9 is Minsk.' },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    );
    writeFileSync(
      data,
      `${JSON.stringify({ id: 'w1', question: 'what is the code of W1?', answers: ['Accra'] })}\n`,
    );
    const args = [
      'probe',
      data,
      '-g',
      'exec:node test/fixtures/seam-reader.mjs',
      '--retriever',
      `bm25:${corpus}`,
    ];
    const dry = await runCli([...args, '--top-k', '1', '--dry-run', '--format', 'json']);
    expect(JSON.parse(dry.stdout).byProbe).toMatchObject({
      solo: { min: 1, max: 1 },
      gold: { min: 1, max: 1 },
    });
    const result = await runCli([...args, '--top-k', '1', '--no-cache', '--format', 'json']);
    const report = JSON.parse(result.stdout);
    const [question] = report.questions;
    expect(question.passages.map((p: { id: string }) => p.id)).toEqual(['noise']);
    expect(question.gold).toEqual({
      passages: [{ id: 'answer', text: 'The code of W1 is Accra.' }],
      inferred: true,
    });
    expect(question.seam).toEqual({ category: 'retriever-miss' });
    expect(report.summary.seam.goldEvidence).toEqual({ given: 0, inferred: 1, none: 0 });
    const table = await runCli([...args, '--top-k', '1', '--no-cache', '--format', 'table']);
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(
      'gold evidence inferred from the corpus for 1 questions',
    );
  });
});
