import { describe, expect, test } from 'vitest';
import {
  corruptOutcome,
  diagnose,
  questionScores,
  type ScoredQuestion,
  summarize,
} from '../../src/metrics/scores.js';
import type {
  CorruptOutcome,
  Diagnosis,
  ProbeFamily,
  ProbeName,
  ProbeResult,
} from '../../src/model/types.js';

const FAMILY: Record<ProbeName, ProbeFamily> = {
  remove: 'altering',
  swap: 'altering',
  corrupt: 'altering',
  'leave-one-out': 'attribution',
  shuffle: 'preserving',
  distractor: 'preserving',
  solo: 'attribution',
  gold: 'altering',
};

/** An answered probe: Y changed, N did not. */
const answered = (probe: ProbeName, changed: boolean): ProbeResult => ({
  probe,
  family: FAMILY[probe],
  applicable: true,
  answer: changed ? 'other answer' : 'baseline answer',
  changed,
});
const Y = (probe: ProbeName) => answered(probe, true);
const N = (probe: ProbeName) => answered(probe, false);
const failed = (probe: ProbeName, rank?: number): ProbeResult => ({
  probe,
  family: FAMILY[probe],
  applicable: true,
  ...(rank === undefined ? {} : { rank }),
  error: 'generator timed out',
});
const inapplicable = (probe: ProbeName): ProbeResult => ({
  probe,
  family: FAMILY[probe],
  applicable: false,
  reason: 'not applicable here',
});
const corrupt = (outcome: CorruptOutcome): ProbeResult => ({
  ...answered('corrupt', outcome !== 'kept'),
  outcome,
  target: 'Paris',
  substitute: 'Madrid',
});
/** Leave-one-out results for ranks 1..n: true changed, false not, 'error' failed. */
const leaveOneOut = (...influence: (boolean | 'error')[]): ProbeResult[] =>
  influence.map((flag, index) =>
    flag === 'error'
      ? failed('leave-one-out', index + 1)
      : { ...answered('leave-one-out', flag), rank: index + 1 },
  );

const question = (
  reliance: number | null,
  instability: number | null,
  diagnosis: Diagnosis,
  probes: ProbeResult[],
): ScoredQuestion => ({ reliance, instability, diagnosis, probes, answers: [], passages: [] });

// Six questions; the reliance/instability columns are worked out by hand from the probes.
const grounded = question(1, 0, 'grounded', [
  // altering: remove Y, swap Y, corrupt adopted (Y) -> 3/3 = 1; preserving: N, N -> 0/2 = 0
  Y('remove'),
  Y('swap'),
  corrupt('adopted'),
  ...leaveOneOut(true, false, false),
  N('shuffle'),
  N('distractor'),
]);
const parametric = question(0, 0, 'parametric', [
  // altering: N, N, kept (N) -> 0/3 = 0; preserving: 0/2 = 0
  N('remove'),
  N('swap'),
  corrupt('kept'),
  ...leaveOneOut(false, false),
  N('shuffle'),
  N('distractor'),
]);
const brittle = question(0.5, 0.5, 'brittle', [
  // altering: remove Y, swap failed (left out), corrupt kept (N) -> 1/2; preserving: Y, N -> 1/2
  Y('remove'),
  failed('swap'),
  corrupt('kept'),
  ...leaveOneOut(true, true, 'error'),
  Y('shuffle'),
  N('distractor'),
]);
const onePassage = question(2 / 3, 0, 'partial', [
  // altering: remove Y, swap N, corrupt other (Y) -> 2/3; preserving: shuffle n/a, distractor N -> 0/1
  Y('remove'),
  N('swap'),
  corrupt('other'),
  ...leaveOneOut(true),
  inapplicable('shuffle'),
  N('distractor'),
]);
const noPassages = question(null, null, 'unscored', [
  inapplicable('remove'),
  inapplicable('swap'),
  inapplicable('corrupt'),
  inapplicable('leave-one-out'),
  inapplicable('shuffle'),
  inapplicable('distractor'),
]);
const brittleNoReliance = question(null, 0.5, 'brittle', [
  // altering: both calls failed, corrupt n/a -> null; preserving: N, Y -> 1/2
  failed('remove'),
  failed('swap'),
  inapplicable('corrupt'),
  ...leaveOneOut(false, false),
  N('shuffle'),
  Y('distractor'),
]);
const all = [grounded, parametric, brittle, onePassage, noPassages, brittleNoReliance];
const options = { seed: 0, resamples: 1000 };

describe('questionScores', () => {
  test.each([
    ['grounded', grounded],
    ['parametric', parametric],
    ['brittle', brittle],
    ['one passage', onePassage],
    ['no passages', noPassages],
    ['brittle with no reliance', brittleNoReliance],
  ])('%s', (_, q) => {
    expect(questionScores(q.probes)).toEqual({ reliance: q.reliance, instability: q.instability });
  });

  test('leave-one-out counts towards neither family', () => {
    expect(questionScores(leaveOneOut(true, true))).toEqual({ reliance: null, instability: null });
  });

  test('a probe with an error is left out even if it carries a changed flag', () => {
    const withStaleFlag: ProbeResult = { ...failed('remove'), changed: true };
    // only swap N counts -> 0/1 = 0
    expect(questionScores([withStaleFlag, N('swap')])).toEqual({ reliance: 0, instability: null });
  });
});

describe('diagnose', () => {
  test.each([
    [1, 0, 'grounded'],
    [1, null, 'grounded'],
    [0, 0, 'parametric'],
    [0, null, 'parametric'],
    [0.5, 0, 'partial'],
    [2 / 3, null, 'partial'],
    // ties at the edges: reliance exactly 0 or 1, instability exactly 0 is not brittle
    [0.999, 0, 'partial'],
    [0.001, 0, 'partial'],
    [1, 0.001, 'brittle'],
    [0, 1, 'brittle'],
    [0.5, 0.5, 'brittle'],
    // brittle needs no reliance value
    [null, 0.5, 'brittle'],
    [null, 0, 'unscored'],
    [null, null, 'unscored'],
  ] as const)('reliance %s, instability %s -> %s', (reliance, instability, expected) => {
    expect(diagnose(reliance, instability)).toBe(expected);
  });

  test.each([
    [1, 0],
    [0, 0],
    [0.5, 1],
    [null, 0],
  ] as const)(
    'an abstaining baseline is abstained whatever its scores (reliance %s, instability %s)',
    (reliance, instability) => {
      expect(diagnose(reliance, instability, true)).toBe('abstained');
    },
  );
});

describe('summarize', () => {
  const summary = summarize(all, options);

  test('reliance: mean over the questions that have one', () => {
    // (1 + 0 + 0.5 + 2/3) / 4 = (13/6) / 4 = 13/24
    expect(summary.reliance.value).toBeCloseTo(13 / 24, 12);
    expect(summary.reliance.n).toBe(4);
  });

  test('instability: mean over the questions that have one', () => {
    // (0 + 0 + 0.5 + 0 + 0.5) / 5 = 1/5
    expect(summary.instability.value).toBeCloseTo(0.2, 12);
    expect(summary.instability.n).toBe(5);
  });

  test('adoption: adopted over answered corrupt probes', () => {
    // adopted, kept, kept, other answered; two n/a -> 1/4
    expect(summary.adoption.value).toBe(0.25);
    expect(summary.adoption.n).toBe(4);
  });

  test('each interval brackets its value and stays inside the range of the per-question values', () => {
    for (const [estimate, low, high] of [
      [summary.reliance, 0, 1],
      [summary.instability, 0, 0.5],
      [summary.adoption, 0, 1],
    ] as const) {
      const [ciLow, ciHigh] = estimate.ci95 ?? [Number.NaN, Number.NaN];
      expect(ciLow).toBeGreaterThanOrEqual(low);
      expect(ciLow).toBeLessThanOrEqual(estimate.value as number);
      expect(ciHigh).toBeGreaterThanOrEqual(estimate.value as number);
      expect(ciHigh).toBeLessThanOrEqual(high);
      expect(ciHigh).toBeGreaterThan(ciLow);
    }
  });

  test('is deterministic for a seed', () => {
    expect(summarize(all, options)).toEqual(summary);
  });

  test('influence by rank, top passage use and dead passage rate', () => {
    // rank 1: Y N Y Y N -> 3/5; rank 2: N N Y N -> 1/4; rank 3: N (the other one failed) -> 0/1
    expect(summary.influenceByRank).toEqual([0.6, 0.25, 0]);
    expect(summary.topPassageUse).toBe(0.6);
    // answered pairs 3 + 2 + 2 + 1 + 2 = 10, dead 2 + 2 + 0 + 0 + 2 = 6 -> 6/10
    expect(summary.deadPassageRate).toBe(0.6);
  });

  test('diagnoses are counted as given', () => {
    expect(summary.questions).toBe(6);
    expect(summary.diagnoses).toEqual({
      grounded: 1,
      partial: 1,
      parametric: 1,
      brittle: 2,
      abstained: 0,
      unscored: 1,
    });
    expect(summary.abstentionRate).toBe(0);
    expect(summary.offContextAnswers).toBe(0);
  });

  test('per-probe tallies', () => {
    expect(summary.probes).toEqual({
      // applicable: 4 answered + 1 failed; n/a: no passages; changed: grounded, brittle, one passage
      remove: { applicable: 5, notApplicable: 1, errors: 1, changed: 3 },
      // failed: brittle and brittle-no-reliance; changed: grounded
      swap: { applicable: 5, notApplicable: 1, errors: 2, changed: 1 },
      // outcomes adopted, kept, kept, other; changed = not kept = 2
      corrupt: { applicable: 4, notApplicable: 2, errors: 0, changed: 2, adopted: 1, kept: 2, other: 1 },
      // 3 + 2 + 3 + 1 + 2 = 11 calls, one failed; changed 1 + 0 + 2 + 1 + 0 = 4
      'leave-one-out': { applicable: 11, notApplicable: 1, errors: 1, changed: 4 },
      // changed only in brittle; n/a with one passage and with none
      shuffle: { applicable: 4, notApplicable: 2, errors: 0, changed: 1 },
      // changed only in brittle-no-reliance
      distractor: { applicable: 5, notApplicable: 1, errors: 0, changed: 1 },
    });
  });

  test('no questions: every score is null', () => {
    const empty = summarize([], options);
    expect(empty.questions).toBe(0);
    for (const estimate of [empty.reliance, empty.adoption, empty.instability]) {
      expect(estimate).toEqual({ value: null, ci95: null, n: 0 });
    }
    expect(empty.influenceByRank).toEqual([]);
    expect(empty.topPassageUse).toBeNull();
    expect(empty.deadPassageRate).toBeNull();
    expect(empty.probes).toEqual({});
  });

  test('every probe inapplicable: nulls, not zeros, and the questions are unscored', () => {
    const none = summarize([noPassages, noPassages], options);
    expect(none.questions).toBe(2);
    for (const estimate of [none.reliance, none.adoption, none.instability]) {
      expect(estimate).toEqual({ value: null, ci95: null, n: 0 });
    }
    expect(none.influenceByRank).toEqual([]);
    expect(none.topPassageUse).toBeNull();
    expect(none.deadPassageRate).toBeNull();
    expect(none.diagnoses).toEqual({
      grounded: 0,
      partial: 0,
      parametric: 0,
      brittle: 0,
      abstained: 0,
      unscored: 2,
    });
    expect(none.probes.corrupt).toEqual({
      applicable: 0,
      notApplicable: 2,
      errors: 0,
      changed: 0,
      adopted: 0,
      kept: 0,
      other: 0,
    });
    expect(none.probes.remove).toEqual({ applicable: 0, notApplicable: 2, errors: 0, changed: 0 });
  });

  test('one question with one passage: intervals collapse to the value', () => {
    const one = summarize([onePassage], options);
    expect(one.reliance).toEqual({ value: 2 / 3, ci95: [2 / 3, 2 / 3], n: 1 });
    expect(one.instability).toEqual({ value: 0, ci95: [0, 0], n: 1 });
    // corrupt "other": 0 adopted of 1
    expect(one.adoption).toEqual({ value: 0, ci95: [0, 0], n: 1 });
    expect(one.influenceByRank).toEqual([1]);
    expect(one.topPassageUse).toBe(1);
    expect(one.deadPassageRate).toBe(0);
  });

  test('ranks present for only some questions: each rank averages over the questions that have it', () => {
    const three = question(null, null, 'unscored', leaveOneOut(true, false, true));
    const one = question(null, null, 'unscored', leaveOneOut(false));
    const ranks = summarize([three, one], options);
    // rank 1: Y, N -> 1/2; rank 2: N -> 0/1; rank 3: Y -> 1/1
    expect(ranks.influenceByRank).toEqual([0.5, 0, 1]);
    expect(ranks.topPassageUse).toBe(0.5);
    // pairs 3 + 1 = 4, dead 1 + 1 = 2 -> 2/4
    expect(ranks.deadPassageRate).toBe(0.5);
  });

  test('a rank whose only call failed has no influence value', () => {
    const ranks = summarize([brittle], options);
    // rank 1: Y -> 1; rank 2: Y -> 1; rank 3: failed -> no value
    expect(ranks.influenceByRank).toEqual([1, 1, null]);
    // 2 answered pairs, none dead
    expect(ranks.deadPassageRate).toBe(0);
  });

  test('failed corrupt calls are left out of adoption', () => {
    const failedCorrupt = question(null, null, 'unscored', [failed('corrupt')]);
    const adoption = summarize([failedCorrupt, grounded], options).adoption;
    // only the grounded question's adopted call counts -> 1/1
    expect(adoption).toEqual({ value: 1, ci95: [1, 1], n: 1 });
  });

  test('abstained questions: left out of reliance and adoption, counted in abstentionRate and offContextAnswers', () => {
    // Baseline abstained; swap answered something (Y), distractor kept abstaining (N), corrupt adopted.
    const answersOffContext = {
      ...question(2 / 3, 0, 'abstained', [Y('remove'), Y('swap'), corrupt('adopted'), N('distractor')]),
      baseline: 'The passage does not say.',
    };
    // Baseline abstained and every probe answer abstained too.
    const keepsAbstaining = {
      ...question(0, 0, 'abstained', [N('swap'), N('distractor')]),
      baseline: 'Unknown.',
    };
    const failedBaseline = { ...question(null, null, 'unscored', []), baseline: null };
    const mixed = summarize(
      [grounded, parametric, answersOffContext, keepsAbstaining, failedBaseline],
      options,
    );
    // reliance over grounded (1) and parametric (0) only -> 1/2; adoption: adopted, kept -> 1/2
    expect(mixed.reliance.value).toBe(0.5);
    expect(mixed.reliance.n).toBe(2);
    expect(mixed.adoption.value).toBe(0.5);
    expect(mixed.adoption.n).toBe(2);
    expect(mixed.diagnoses.abstained).toBe(2);
    // 2 abstained of the 4 questions with an answered baseline
    expect(mixed.abstentionRate).toBe(0.5);
    expect(mixed.offContextAnswers).toBe(1);
  });

  test('no answered baseline: abstentionRate is null', () => {
    expect(summarize([], options).abstentionRate).toBeNull();
  });
});

describe('corruptOutcome', () => {
  test.each([
    [true, false, 'adopted'],
    [false, true, 'kept'],
    [false, false, 'other'],
    // matching both the substitute and the baseline adopts nothing for certain
    [true, true, 'other'],
  ] as const)('substitute %s, baseline %s -> %s', (substitute, baseline, expected) => {
    expect(corruptOutcome(substitute, baseline)).toBe(expected);
  });
});
