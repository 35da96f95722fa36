import { describe, expect, test } from 'vitest';
import { answersMatch } from '../../src/metrics/match.js';
import { seamOf, summarizeSeam } from '../../src/metrics/seam.js';
import type { SeamCategory } from '../../src/model/seam.js';
import type { Passage, ProbeResult } from '../../src/model/types.js';
import { createPhraseSearch } from '../../src/probes/candidates.js';
import { rankedResult } from '../helpers/probe-results.js';

const passage = (id: string, text: string): Passage => ({ id, text });
const GOLD_IN_2 = [
  passage('p1', 'Lyon is a city in France.'),
  passage('p2', 'The capital of France is Paris.'),
];
const NO_GOLD = [passage('p1', 'Lyon is a city in France.'), passage('p2', 'Marseille is a port.')];
const goldProbe = (answer: string): ProbeResult => ({
  probe: 'gold',
  family: 'altering',
  applicable: true,
  answer,
  changed: true,
});
const GOLD_FAILED: ProbeResult = { probe: 'gold', family: 'altering', applicable: true, error: 'timeout' };
const GOLD_NA: ProbeResult = { probe: 'gold', family: 'altering', applicable: false, reason: 'no gold' };

// Each row hand-decided by the order of docs/metrics.md.
const CASES: [string, string[], string | null, Passage[], ProbeResult | undefined, SeamCategory, number?][] =
  [
    ['no gold answers', [], 'Paris', GOLD_IN_2, undefined, 'unscored'],
    ['baseline call failed', ['Paris'], null, GOLD_IN_2, undefined, 'unscored'],
    ['right, evidence retrieved', ['Paris'], 'Paris', GOLD_IN_2, undefined, 'ok'],
    ['right from memory, evidence not retrieved', ['Paris'], 'paris', NO_GOLD, undefined, 'memory-covered'],
    ['right from memory with no passages at all', ['Paris'], 'Paris', [], undefined, 'memory-covered'],
    ['wrong answer copied from rank 1', ['Paris'], 'Lyon', GOLD_IN_2, undefined, 'misled-by-passage', 1],
    [
      'wrong answer copied from rank 2',
      ['Paris'],
      'Marseille',
      NO_GOLD,
      goldProbe('Paris'),
      'misled-by-passage',
      2,
    ],
    [
      'wrong, gold retrieved, answer not in passages',
      ['Paris'],
      'Berlin',
      GOLD_IN_2,
      undefined,
      'generator-ignored',
    ],
    ['abstained with gold retrieved', ['Paris'], 'unknown', GOLD_IN_2, undefined, 'generator-ignored'],
    [
      'abstention is never "in" a passage',
      ['Paris'],
      'I do not know',
      NO_GOLD,
      goldProbe('Paris'),
      'retriever-miss',
    ],
    [
      'wrong, no gold retrieved, right with gold',
      ['Paris'],
      'Berlin',
      NO_GOLD,
      goldProbe('Paris.'),
      'retriever-miss',
    ],
    ['wrong, and wrong with gold too', ['Paris'], 'Berlin', NO_GOLD, goldProbe('Berlin'), 'fails-with-gold'],
    ['wrong with no gold evidence known', ['Paris'], 'Berlin', NO_GOLD, GOLD_NA, 'evidence-missing'],
    ['wrong and the gold probe was not run', ['Paris'], 'Berlin', NO_GOLD, undefined, 'evidence-missing'],
    ['the gold call failed', ['Paris'], 'Berlin', NO_GOLD, GOLD_FAILED, 'unscored'],
    ['second gold answer counts', ['Paris', 'Lyon'], 'Lyon', GOLD_IN_2, undefined, 'ok'],
  ];

describe('seamOf', () => {
  test.each(CASES)('%s', (_name, answers, baseline, passages, gold, category, rank) => {
    const verdict = seamOf({
      answers,
      baseline,
      passages,
      probes: gold === undefined ? [] : [gold],
      matcher: (a, b) => answersMatch(a, b),
      contains: createPhraseSearch(),
    });
    expect(verdict).toEqual(rank === undefined ? { category } : { category, rank });
  });
});

describe('misled-by-passage: followed', () => {
  const loo = (rank: number, changed: boolean) => rankedResult('leave-one-out', rank, changed);
  const verdict = (probes: ProbeResult[]) =>
    seamOf({
      answers: ['Paris'],
      baseline: 'Marseille',
      passages: NO_GOLD,
      probes,
      matcher: (a, b) => answersMatch(a, b),
      contains: createPhraseSearch(),
    });
  test.each([
    ['leaving rank 2 out changed the answer', [loo(1, false), loo(2, true)], true],
    ['leaving rank 2 out did not change it', [loo(1, true), loo(2, false)], false],
    ['no leave-one-out at rank 2', [loo(1, true)], undefined],
  ] as const)('%s', (_name, probes, followed) => {
    expect(verdict([...probes])).toEqual({
      category: 'misled-by-passage',
      rank: 2,
      ...(followed === undefined ? {} : { followed }),
    });
  });
});

describe('summarizeSeam', () => {
  test('counts, shares over all questions, the two sides, gold sources', () => {
    const cats: SeamCategory[] = [
      'ok',
      'ok',
      'retriever-miss',
      'misled-by-passage',
      'generator-ignored',
      'unscored',
    ];
    const questions = cats.map((category, i) => ({
      seam: category === 'misled-by-passage' ? { category, rank: 1, followed: true } : { category },
      ...(i < 2 ? { gold: { inferred: i === 1 } } : {}),
    }));
    const summary = summarizeSeam(questions, { seed: 0, resamples: 200 });
    expect(summary.counts.ok).toBe(2);
    expect(summary.counts['fails-with-gold']).toBe(0);
    expect(summary.wrong).toBe(3);
    expect(summary.misledFollowed).toBe(1);
    expect(summary.shares.ok.value).toBeCloseTo(2 / 6);
    expect(summary.shares.ok.n).toBe(6);
    expect(summary.retrieverSide.value).toBeCloseTo(2 / 6);
    expect(summary.generatorSide.value).toBeCloseTo(1 / 6);
    expect(summary.goldEvidence).toEqual({ given: 1, inferred: 1, none: 4 });
    const [low, high] = summary.shares.ok.ci95 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThanOrEqual(2 / 6);
    expect(high).toBeGreaterThanOrEqual(2 / 6);
  });

  test('no questions: every share is null', () => {
    const summary = summarizeSeam([], { seed: 0, resamples: 100 });
    expect(summary.shares['retriever-miss']).toEqual({ value: null, ci95: null, n: 0 });
    expect(summary.wrong).toBe(0);
  });
});
