import { describe, expect, test } from 'vitest';
import {
  attributeSentences,
  drawMasks,
  heldOutCount,
  maskTarget,
  summarizeAttribution,
  topSentences,
} from '../../src/metrics/attribution.js';
import { fitLasso, fitLassoCV, predictLinear } from '../../src/metrics/lasso.js';
import { averageRanks, spearman } from '../../src/metrics/lds.js';
import { createRng } from '../../src/metrics/random.js';

/** Masks and scores from a known linear model y = b + Σ w_j x_j (+ noise of sd `noise`). */
function planted(weights: readonly number[], intercept: number, count: number, noise: number, seed = 7) {
  const rng = createRng(seed);
  const masks = drawMasks(rng, weights.length, count);
  // Box-Muller from the same seeded source.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const rows = masks.map((mask) => mask.map((kept) => (kept ? 1 : 0)));
  const y = rows.map(
    (row) => intercept + row.reduce((s, x, j) => s + x * (weights[j] as number), 0) + noise * gaussian(),
  );
  return { masks, rows, y };
}

describe('LASSO surrogate', () => {
  test('recovers planted sparse weights from 32 noisy masks', () => {
    const weights = [0, 2.5, 0, 0, -1.5, 0, 0, 0, 0, 0];
    const { rows, y } = planted(weights, 1, 32, 0.1);
    const fit = fitLassoCV(rows, y);
    expect(fit.weights[1]).toBeCloseTo(2.5, 0);
    expect(fit.weights[4]).toBeCloseTo(-1.5, 0);
    for (const j of [0, 2, 3, 5, 6, 7, 8, 9]) expect(Math.abs(fit.weights[j] as number)).toBeLessThan(0.2);
    expect(fit.intercept).toBeCloseTo(1, 0);
  });

  test('without noise and without penalty it is least squares: exact weights', () => {
    const weights = [0.5, -0.25, 1, 0];
    const { rows, y } = planted(weights, 0.3, 40, 0);
    const fit = fitLasso(rows, y, 0);
    fit.weights.forEach((w, j) => {
      expect(w).toBeCloseTo(weights[j] as number, 6);
    });
    expect(fit.intercept).toBeCloseTo(0.3, 6);
  });

  test.each([
    // [x column, y, lambda, expected weight, expected intercept]: one feature, hand-computed.
    // x = 0,1,0,1 (mean ½, sd ½), y = 0,2,0,2: standardised slope 1, weight 1/½·(1 − λ).
    [[0, 1, 0, 1], [0, 2, 0, 2], 0, 2, 0],
    [[0, 1, 0, 1], [0, 2, 0, 2], 0.5, 1, 0.5],
    [[0, 1, 0, 1], [0, 2, 0, 2], 1, 0, 1],
    [[0, 1, 0, 1], [0, 2, 0, 2], 3, 0, 1],
    // A constant feature has no weight.
    [[1, 1, 1, 1], [0, 2, 0, 2], 0, 0, 1],
  ])('one feature x=%j y=%j λ=%d: weight %d, intercept %d', (x, y, lambda, weight, intercept) => {
    const fit = fitLasso(
      x.map((v) => [v]),
      y,
      lambda,
    );
    expect(fit.weights[0]).toBeCloseTo(weight, 9);
    expect(fit.intercept).toBeCloseTo(intercept, 9);
  });

  test('a constant target gives all-zero weights and its value as intercept', () => {
    const fit = fitLassoCV(
      [
        [1, 0],
        [0, 1],
        [1, 1],
        [0, 0],
      ],
      [1, 1, 1, 1],
    );
    expect(fit.weights).toEqual([0, 0]);
    expect(fit.intercept).toBe(1);
    expect(predictLinear(fit, [1, 1])).toBe(1);
  });
});

describe('Spearman and LDS', () => {
  test.each([
    // values, average ranks (ties share the mean rank)
    [
      [10, 20, 30],
      [1, 2, 3],
    ],
    [
      [3, 1, 2],
      [3, 1, 2],
    ],
    [
      [1, 1, 2],
      [1.5, 1.5, 3],
    ],
    [
      [0, 1, 0, 1],
      [1.5, 3.5, 1.5, 3.5],
    ],
  ])('ranks of %j are %j', (values, ranks) => {
    expect(averageRanks(values)).toEqual(ranks);
  });

  test.each([
    // a, b, rho (hand-computed)
    [[1, 2, 3, 4], [10, 20, 30, 40], 1],
    [[1, 2, 3, 4], [40, 30, 20, 10], -1],
    // ranks 1,2,3,4 vs 2,1,4,3: d² = 1+1+1+1 = 4, rho = 1 − 6·4/(4·15) = 0.6
    [[1, 2, 3, 4], [2, 1, 4, 3], 0.6],
    // ties: ranks 1.5,1.5,3.5,3.5 vs 1,2,3,4: r = 2/√(4·5) ≈ 0.894427
    [[0, 0, 1, 1], [1, 2, 3, 4], 2 / Math.sqrt(5) / 1],
    // a constant side: no ranking, null
    [[1, 1, 1, 1], [1, 2, 3, 4], null],
    // fewer than three pairs: null
    [[1, 2], [1, 2], null],
  ])('spearman(%j, %j) = %s', (a, b, rho) => {
    const value = spearman(a, b);
    if (rho === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(rho, 9);
  });
});

describe('attribution of one question', () => {
  const sentences = [0, 1, 2, 3].map((j) => ({
    rank: 1,
    start: j * 10,
    end: j * 10 + 9,
    text: `sentence ${j}`,
  }));

  test('the answer follows sentence 2: it alone gets weight, LDS on held-out masks is 1', () => {
    const masks = drawMasks(createRng(3), 4, 40);
    const scores = masks.map((mask) => (mask[2] ? 1 : 0));
    const result = attributeSentences({ sentences, masks, scores, fitCount: 32, scoring: 'match' });
    expect(result.samples).toBe(32);
    expect(result.heldOut).toBe(8);
    expect(result.sentences[2]?.weight).toBeCloseTo(1, 1);
    expect(topSentences(result).map((s) => s.text)).toEqual(['sentence 2']);
    expect(result.dependsOnContext).toBe(true);
    expect(result.lds).toBeCloseTo(1, 9);
  });

  test('an answer that never changes: no weight, no LDS, does not depend on the context', () => {
    const masks = drawMasks(createRng(3), 4, 40);
    const result = attributeSentences({
      sentences,
      masks,
      scores: masks.map(() => 1),
      fitCount: 32,
      scoring: 'match',
    });
    expect(result.sentences.map((s) => s.weight)).toEqual([0, 0, 0, 0]);
    expect(result.lds).toBeNull();
    expect(result.dependsOnContext).toBe(false);
    expect(topSentences(result)).toEqual([]);
  });

  test('failed mask calls are left out and counted', () => {
    const masks = drawMasks(createRng(5), 4, 12);
    const scores = masks.map((mask, i) => (i % 3 === 0 ? null : mask[0] ? 1 : 0));
    const result = attributeSentences({ sentences, masks, scores, fitCount: 8, scoring: 'match' });
    expect(result.errors).toBe(4);
    expect(result.samples + result.heldOut).toBe(8);
  });

  test.each([
    // log-probability, logit of its probability
    [Math.log(0.5), 0],
    [Math.log(0.8), Math.log(4)],
    [Math.log(0.2), -Math.log(4)],
    [0, Math.log((1 - 1e-6) / 1e-6)],
  ])('logit target of log-probability %d is %d', (score, logit) => {
    expect(maskTarget(score, 'logprob')).toBeCloseTo(logit, 6);
  });

  test('the match target is the score itself', () => {
    expect(maskTarget(1, 'match')).toBe(1);
    expect(maskTarget(0, 'match')).toBe(0);
  });

  test.each([
    [8, 4],
    [32, 8],
    [33, 9],
    [64, 16],
  ])('%d samples have %d held-out masks', (samples, heldOut) => {
    expect(heldOutCount(samples)).toBe(heldOut);
  });

  test('masks are seeded: the same seed draws the same masks, each sentence kept about half the time', () => {
    expect(drawMasks(createRng(9), 6, 5)).toEqual(drawMasks(createRng(9), 6, 5));
    const many = drawMasks(createRng(9), 10, 400).flat();
    const kept = many.filter(Boolean).length / many.length;
    expect(kept).toBeGreaterThan(0.45);
    expect(kept).toBeLessThan(0.55);
  });
});

describe('attribution summary', () => {
  const base = {
    scoring: 'match' as const,
    samples: 32,
    heldOut: 8,
    errors: 0,
    sentences: [],
    intercept: 0,
    lambda: 0,
  };
  test.each([
    // LDS values and dependence of the attributed questions -> mean LDS, LDS questions, independent
    [[], null, 0, 0],
    [[{ lds: 0.5, dependsOnContext: true }], 0.5, 1, 0],
    [
      [
        { lds: 0.9, dependsOnContext: true },
        { lds: 0.3, dependsOnContext: true },
        { lds: null, dependsOnContext: false },
      ],
      0.6,
      2,
      1,
    ],
    [[{ lds: null, dependsOnContext: false }], null, 0, 1],
  ])('%j', (parts, meanLds, ldsQuestions, independent) => {
    const questions = [{}, ...parts.map((part) => ({ attribution: { ...base, ...part } }))];
    const summary = summarizeAttribution(questions);
    expect(summary.questions).toBe(parts.length);
    if (meanLds === null) expect(summary.meanLds).toBeNull();
    else expect(summary.meanLds).toBeCloseTo(meanLds, 9);
    expect(summary.ldsQuestions).toBe(ldsQuestions);
    expect(summary.contextIndependent).toBe(independent);
  });
});
