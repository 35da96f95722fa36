import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBm25Index } from '../../src/retrievers/bm25/build-index.js';
import { Bm25Searcher } from '../../src/retrievers/bm25/search-index.js';
import { seededRandom } from '../../src/retrievers/dense/kmeans.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/** Word indexes drawn with probability ∝ 1 / rank: a few words in nearly every passage, most rare. */
function zipf(random: () => number, vocabulary: number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < vocabulary; rank++) {
    total += 1 / (rank + 1);
    cumulative.push(total);
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = vocabulary - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

function syntheticCorpus(file: string, count: number, vocabulary: number): (length: number) => string {
  const random = seededRandom(3);
  const draw = zipf(random, vocabulary);
  const words = (length: number) => Array.from({ length }, () => `w${draw()}`).join(' ');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    // Every 50th passage repeats an earlier one, so equal scores occur and ties must go to the earlier.
    const text =
      i % 50 === 49 ? JSON.parse(lines[i - 7] as string).text : words(5 + Math.floor(random() * 40));
    lines.push(JSON.stringify({ id: `p${i}`, text }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return words;
}

async function expectPrunedEqualsExhaustive(
  folder: string,
  questions: readonly string[],
  inMemoryBytes?: number,
) {
  const searcher = new Bm25Searcher(folder, inMemoryBytes);
  try {
    for (const question of questions) {
      for (const topK of [1, 3, 10, 50]) {
        // Equal to the last bit: same passages, same order, same scores.
        expect(searcher.search(question, topK), `${question} @${topK}`).toEqual(
          searcher.searchExhaustive(question, topK),
        );
      }
    }
  } finally {
    searcher.close();
  }
}

describe('bm25 dynamic pruning', () => {
  it('returns exactly the exhaustive top k on a Zipf corpus, repeats, ties and common words included', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'corpus.jsonl');
    const words = syntheticCorpus(corpus, 6000, 3000);
    await buildBm25Index(corpus, dir);
    const questions = Array.from({ length: 150 }, (_, i) => words(1 + (i % 9)));
    // Only the commonest words; a word asked twice; words no passage has.
    questions.push('w0 w1 w2 w3', 'w0 w0 w5 w5 w5 w17', 'w1 nowhere w40 w40', 'unknown words only', '');
    await expectPrunedEqualsExhaustive(dir, questions);
    // A small index is read into memory; a large one is read from disk per query: the same results.
    const inMemory = new Bm25Searcher(dir);
    const onDisk = new Bm25Searcher(dir, 0);
    try {
      for (const question of questions)
        expect(onDisk.search(question, 10), question).toEqual(inMemory.search(question, 10));
    } finally {
      inMemory.close();
      onDisk.close();
    }
  });

  it('reads only the blocks that can hold a survivor, exactly: short lists, one block, block edges, the last partial block, ties', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'corpus.jsonl');
    const count = 5000;
    const inCommon = Array.from({ length: count }, (_, i) => i).filter((i) => i % 10 !== 3);
    // Rare words, each in a few chosen passages: the first and last passages, both sides of a
    // 128-passage boundary, and ten identical passages at the end (equal scores: ties).
    const rare: Record<string, number[]> = {
      r0: [0, 4999],
      r1: [127, 128, 129, 255, 256],
      r2: [4990, 4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999],
      r3: [2500, 2501, 3],
      r4: [1000, 3000, 4000, 4993],
      r5: [13, 4870, 4871, 4872, 4873],
      // The last postings of blocks 0 and 18 of "common": two runs of blocks, each ending on a survivor.
      r6: [127, 19 * 128 - 1].map((at) => inCommon[at] as number),
    };
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      const words: string[] = [];
      // common: 4,500 passages, 36 blocks (the last of 20); half: every third, 14 blocks (the last of 3);
      // one: exactly 128 passages, one full block; short: 50 passages, less than a block.
      if (i % 10 !== 3) words.push('common');
      if (i % 3 === 0) words.push('half', ...(i % 2 === 0 ? ['half'] : []));
      if (i % 39 === 0) words.push('one');
      if (i % 100 === 7) words.push('short');
      for (const [word, at] of Object.entries(rare)) if (at.includes(i)) words.push(word, word);
      const filler = i >= 4990 ? 3 : 1 + (i % 6);
      for (let f = 0; f < filler; f++) words.push(`f${(i * 7 + f) % 97}`);
      lines.push(JSON.stringify({ id: `p${i}`, text: words.join(' ') }));
    }
    writeFileSync(corpus, `${lines.join('\n')}\n`);
    await buildBm25Index(corpus, dir);
    const rareWords = Object.keys(rare);
    const questions: string[] = [];
    for (const word of rareWords) {
      for (const tail of [
        'common',
        'half',
        'one',
        'short',
        'common half',
        'half one short',
        'common common half',
      ])
        questions.push(`${word} ${tail}`);
    }
    for (const a of rareWords)
      for (const b of rareWords) if (a < b) questions.push(`${a} ${b} common half one`);
    questions.push('r2 r2 common', 'r1 r5 short one half common', 'common half one short');
    await expectPrunedEqualsExhaustive(dir, questions);
    await expectPrunedEqualsExhaustive(dir, questions, 0);
  });

  it('returns exactly the exhaustive top k on the world corpus for every demo question', async () => {
    const dir = tempDir();
    await buildBm25Index(join(ROOT, 'fixtures/world/corpus.jsonl'), dir);
    const questions = readFileSync(join(ROOT, 'fixtures/world/demo.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => String((JSON.parse(line) as { question: string }).question));
    await expectPrunedEqualsExhaustive(dir, questions);
  });
});
