import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withInferredGold } from '../../src/engine/gold-evidence.js';
import type { Item, Passage } from '../../src/model/types.js';
import { createBm25Retriever, isBm25Retriever } from '../../src/retrievers/bm25/index.js';
import type { CorpusRetriever, Retriever } from '../../src/retrievers/types.js';
import { tempDir } from '../helpers/cli.js';

const corpus: Passage[] = [
  { id: 'c1', title: 'Paris', text: 'Paris hosts the Louvre.' },
  { id: 'c2', title: 'France', text: 'The capital of France is Paris. France is in Europe.' },
  { id: 'c3', title: 'Berlin', text: 'Berlin is the capital of Germany.' },
];
const corpusFile = join(tempDir(), 'corpus.jsonl');
writeFileSync(corpusFile, corpus.map((passage) => JSON.stringify(passage)).join('\n'));
const corpusRetriever: CorpusRetriever = { id: 'bm25:test', corpusFile, retrieve: async () => [] };
const item = (id: string, answers: string[], extra: Partial<Item> = {}): Item => ({
  id,
  question: `what is the capital of ${id}?`,
  answers,
  line: 1,
  ...extra,
});

describe('withInferredGold', () => {
  test('the BM25-best corpus passage that contains a gold answer, marked inferred', async () => {
    const [france, germany, none, given, noAnswers] = await withInferredGold(
      [
        item('France', ['Paris']),
        item('Germany', ['Berlin']),
        item('Spain', ['Madrid']),
        item('Italy', ['Rome'], { goldPassages: [{ id: 'g', text: 'Rome.' }] }),
        item('Peru', []),
      ],
      corpusRetriever,
      undefined,
    );
    // c2 ranks above c1 for "capital of France", and contains "Paris".
    expect(france?.goldPassages).toEqual([corpus[1]]);
    expect(france?.goldInferred).toBe(true);
    expect(germany?.goldPassages).toEqual([corpus[2]]);
    expect(none?.goldPassages).toBeUndefined();
    expect(given?.goldInferred).toBeUndefined();
    expect(noAnswers?.goldPassages).toBeUndefined();
  });

  test('a bm25 retriever is searched itself (its index is not built again) and left open', async () => {
    const bm25 = await createBm25Retriever(corpusFile, {});
    if (!isBm25Retriever(bm25)) throw new Error('a bm25 retriever should say so');
    const asked: number[] = [];
    const counting = {
      ...bm25,
      retrieve: (query: Item, topK: number) => {
        asked.push(topK);
        return bm25.retrieve(query, topK);
      },
    };
    try {
      const [france, germany, none] = await withInferredGold(
        [item('France', ['Paris']), item('Germany', ['Berlin']), item('Spain', ['Madrid'])],
        counting,
        undefined,
      );
      expect(france?.goldPassages).toEqual([corpus[1]]);
      expect(germany?.goldPassages).toEqual([corpus[2]]);
      expect(none?.goldPassages).toBeUndefined();
      // The top passage first, then deeper only for the question whose answer is in none.
      expect(asked).toEqual([1, 1, 1, 20]);
      expect((await bm25.retrieve(item('France', []), 1)).map((passage) => passage.id)).toEqual(['c2']);
    } finally {
      await bm25.close?.();
    }
  });

  test('a retriever without a corpus infers nothing', async () => {
    const plain: Retriever = { id: 'dataset', retrieve: async () => [] };
    const items = [item('France', ['Paris'])];
    expect(await withInferredGold(items, plain, undefined)).toBe(items);
  });
});
