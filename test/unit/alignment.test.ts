import { describe, expect, test } from 'vitest';
import {
  kendallTauB,
  ndcg,
  positiveBelowNegative,
  questionAlignment,
  summarizeAlignment,
} from '../../src/metrics/alignment.js';
import type { Passage, ProbeResult } from '../../src/model/types.js';
import { rankedResult } from '../helpers/probe-results.js';

const L2 = (r: number) => 1 / Math.log2(r + 1);

// ndcg: hand-computed DCG / ideal DCG with discount 1 / log2(rank + 1).
const NDCG: [string, boolean[], number | null][] = [
  ['k = 1, useful', [true], 1],
  ['k = 1, useless', [false], null],
  ['no useful passage', [false, false, false], null],
  ['useful at rank 1 only', [true, false, false], 1],
  ['useful at rank 2 only', [false, true, false], L2(2)],
  ['useful at rank 3 only', [false, false, true], L2(3)],
  ['ranks 2 and 3 useful', [false, true, true], (L2(2) + L2(3)) / (1 + L2(2))],
  ['every passage useful', [true, true, true], 1],
];

// Kendall tau-b: (C - D) / sqrt((n0 - n1)(n0 - n2)), counted by hand.
const TAU: [string, number[], number[], number | null][] = [
  ['k = 1', [5], [1], null],
  ['perfect agreement, no ties in x', [3, 2, 1], [1, 0, 0], 2 / Math.sqrt(3 * 2)],
  ['perfect disagreement', [3, 2, 1], [0, 0, 1], -2 / Math.sqrt(3 * 2)],
  ['useful in the middle', [3, 2, 1], [0, 1, 0], 0],
  ['all labels equal (y all ties)', [3, 2, 1], [1, 1, 1], null],
  ['all scores tied (x all ties)', [1, 1, 1], [1, 0, 0], null],
  // x ties the pair (1,2); pairs: (1,2) tied x, (1,3) C, (2,3) C; y ties (2,3)? y = [1,1,0]: (1,2) tied y.
  ['ties in both', [2, 2, 1], [1, 1, 0], 2 / Math.sqrt((3 - 1) * (3 - 1))],
  ['four passages, one inversion', [4, 3, 2, 1], [1, 0, 1, 0], (3 - 1) / Math.sqrt(6 * (6 - 2))],
];

const UBU: [string, boolean[], boolean | null][] = [
  ['k = 1', [true], null],
  ['all useful', [true, true], null],
  ['no useful', [false, false], null],
  ['useful above useless', [true, false, false], false],
  ['useful below useless', [false, true], true],
  ['useful both above and below a useless one', [true, false, true], true],
];

describe('alignment measures', () => {
  test.each(NDCG)('ndcg: %s', (_n, labels, expected) => {
    const value = ndcg(labels);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 12);
  });
  test.each(TAU)('kendall tau-b: %s', (_n, x, y, expected) => {
    const value = kendallTauB(x, y);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 12);
  });
  test.each(UBU)('useful below useless: %s', (_n, labels, expected) => {
    expect(positiveBelowNegative(labels)).toBe(expected);
  });
});

const solo = (rank: number, correct: boolean | undefined, changed = !correct): ProbeResult =>
  rankedResult('solo', rank, changed, correct);
const loo = (rank: number, changed: boolean): ProbeResult => rankedResult('leave-one-out', rank, changed);
const passages = (scores: (number | undefined)[]): Passage[] =>
  scores.map((score, i) => ({ id: `p${i + 1}`, text: 't', ...(score === undefined ? {} : { score }) }));

describe('questionAlignment and summarizeAlignment', () => {
  const a = {
    answers: ['Paris'],
    passages: passages([9, 5, 1]),
    probes: [solo(1, false), solo(2, true), solo(3, false), loo(1, true), loo(2, false), loo(3, false)],
  };
  const b = { answers: ['Rome'], passages: passages([2]), probes: [solo(1, true), loo(1, true)] };
  // No gold answers: utility is "reproduces the baseline" (changed false).
  const c = {
    answers: [],
    passages: passages([undefined, undefined]),
    probes: [solo(1, undefined, false), solo(2, undefined, true), loo(1, false), loo(2, false)],
  };
  // A failed solo call: the question has no alignment values.
  const d = {
    answers: ['Oslo'],
    passages: passages([3, 2]),
    probes: [
      solo(1, true),
      { probe: 'solo', family: 'attribution', applicable: true, rank: 2, error: 'x' } as ProbeResult,
    ],
  };

  test('per question, hand-computed', () => {
    expect(questionAlignment(a, 'solo')).toEqual({ ndcg: L2(2), kendallTau: 0, usefulBelowUseless: true });
    expect(questionAlignment(b, 'solo')).toEqual({ ndcg: 1, kendallTau: null, usefulBelowUseless: null });
    // no scores: ranks stand in; useful at rank 1 of 2: tau = 1 / sqrt(1 * 1)
    expect(questionAlignment(c, 'solo')).toEqual({ ndcg: 1, kendallTau: 1, usefulBelowUseless: false });
    expect(questionAlignment(d, 'solo')).toEqual({ ndcg: null, kendallTau: null, usefulBelowUseless: null });
    expect(questionAlignment(a, 'leave-one-out')).toEqual({
      ndcg: 1,
      kendallTau: 2 / Math.sqrt(6),
      usefulBelowUseless: false,
    });
  });

  test('summary: means over defined questions; utilityAtRank over gold questions only', () => {
    const summary = summarizeAlignment([a, b, c, d], { seed: 0, resamples: 200 });
    expect(summary.ndcg.value).toBeCloseTo((L2(2) + 1 + 1) / 3, 12);
    expect(summary.ndcg.n).toBe(3);
    expect(summary.kendallTau.value).toBeCloseTo((0 + 1) / 2, 12);
    expect(summary.usefulBelowUseless.value).toBeCloseTo(1 / 2, 12);
    // rank 1: a useless, b useful, d useful (c has no gold); rank 2: a useful (d failed); rank 3: a useless
    expect(summary.utilityAtRank.map((e) => e.value)).toEqual([2 / 3, 1, 0]);
    expect(summary.utilityAtRank.map((e) => e.n)).toEqual([3, 1, 1]);
    // influence labels: a [T,F,F] ndcg 1; b [T] 1; c no influence: null
    expect(summary.influence.ndcg.value).toBe(1);
    expect(summary.influence.ndcg.n).toBe(2);
  });

  test('nothing defines them: null', () => {
    const summary = summarizeAlignment([{ answers: ['x'], passages: [], probes: [] }], {
      seed: 0,
      resamples: 100,
    });
    expect(summary.ndcg.value).toBeNull();
    expect(summary.kendallTau.value).toBeNull();
    expect(summary.usefulBelowUseless.value).toBeNull();
    expect(summary.utilityAtRank).toEqual([]);
  });
});
