import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { answersMatch, memoisedMatch } from '../../src/metrics/match.js';

/** One hand-labelled pair of real answers (provenance in test/fixtures/answer-pairs.md). */
interface LabelledPair {
  a: string;
  b: string;
  same: boolean;
  source: string;
  ref: string;
}

const pairs = readFileSync(join(import.meta.dirname, '../fixtures/answer-pairs.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledPair);

describe('answer matching on hand-labelled real answer pairs', () => {
  test('at least 150 pairs from HaluEval, ConflictNQ and NQ, both labels present', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(150);
    expect(new Set(pairs.map((pair) => pair.source))).toEqual(
      new Set(['nq-open-oracle', 'conflictnq', 'halueval-qa']),
    );
    expect(pairs.filter((pair) => pair.same).length).toBeGreaterThan(50);
    expect(pairs.filter((pair) => !pair.same).length).toBeGreaterThan(50);
  });

  test('contains errs on at most 5% of them and never calls two different answers the same', () => {
    const wrong = pairs.filter((pair) => answersMatch(pair.a, pair.b, 'contains') !== pair.same);
    const falseSame = wrong.filter((pair) => !pair.same);
    console.log(
      `answer pairs: contains wrong on ${wrong.length}/${pairs.length} (${((100 * wrong.length) / pairs.length).toFixed(1)}%), ` +
        `exact wrong on ${pairs.filter((pair) => answersMatch(pair.a, pair.b, 'exact') !== pair.same).length}`,
    );
    expect(wrong.length / pairs.length).toBeLessThanOrEqual(0.05);
    expect(falseSame).toEqual([]);
  });
});

describe('the memoised matcher a run uses', () => {
  test('gives what answersMatch gives on every labelled pair, both ways, asked again and again', () => {
    for (const mode of ['contains', 'exact'] as const) {
      const match = memoisedMatch(mode);
      for (let round = 0; round < 2; round++) {
        for (const { a, b } of pairs) {
          expect(match(a, b)).toBe(answersMatch(a, b, mode));
          expect(match(b, a)).toBe(answersMatch(b, a, mode));
        }
      }
      // Pairs whose concatenations agree are still told apart.
      expect(match('ab', 'c')).toBe(answersMatch('ab', 'c', mode));
      expect(match('a', 'bc')).toBe(answersMatch('a', 'bc', mode));
      expect(match('Paris', 'Paris')).toBe(true);
    }
  });
});
