import { describe, expect, test } from 'vitest';
import {
  bootstrapMean,
  bootstrapRatio,
  bootstrapRequest,
  quantile,
  rangeResampler,
} from '../../src/metrics/bootstrap.js';
import { createRng, seedAfter } from '../../src/metrics/random.js';

describe('quantile (type 7)', () => {
  test.each([
    // position = (n - 1) * p; value = low + (high - low) * fraction
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[1, 2, 3, 4], 0.5, 2.5], // 3 * 0.5 = 1.5 -> 2 + 0.5 * 1
    [[1, 2, 3, 4], 0.25, 1.75], // 3 * 0.25 = 0.75 -> 1 + 0.75 * 1
    [[10, 20, 30, 40, 50], 0.025, 11], // 4 * 0.025 = 0.1 -> 10 + 0.1 * 10
    [[10, 20, 30, 40, 50], 0.975, 49], // 4 * 0.975 = 3.9 -> 40 + 0.9 * 10
    [[10, 20, 30, 40, 50], 0.5, 30], // 4 * 0.5 = 2 exactly
    [[0, 0, 1], 0.75, 0.5], // 2 * 0.75 = 1.5 -> 0 + 0.5 * 1
    [[7], 0.025, 7],
    [[7], 0.975, 7],
  ])('%j at p=%d is %d', (sorted, p, expected) => {
    expect(quantile(sorted, p)).toBeCloseTo(expected, 12);
  });

  test('of an empty list throws', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });
});

describe('bootstrapMean', () => {
  test('of nothing is null, not 0', () => {
    expect(bootstrapMean([], createRng(1), 1000)).toEqual({ value: null, ci95: null, n: 0 });
  });

  test.each([
    [[0.4], 0.4],
    [[1, 1, 1, 1], 1],
    [[0, 0, 0], 0],
    [[0.5, 0.5, 0.5, 0.5, 0.5], 0.5],
  ])('%j: every resample has the same mean, so the interval is [v, v]', (values, v) => {
    expect(bootstrapMean(values, createRng(3), 1000)).toEqual({ value: v, ci95: [v, v], n: values.length });
  });

  test('a typical case: the interval brackets the point value and stays inside the data range', () => {
    // 5 ones out of 8 -> 5 / 8 = 0.625
    const values = [0, 1, 0, 1, 1, 0, 1, 1];
    const estimate = bootstrapMean(values, createRng(42), 1000);
    expect(estimate.value).toBe(0.625);
    expect(estimate.n).toBe(8);
    const [low, high] = estimate.ci95 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThan(0.625);
    expect(high).toBeGreaterThan(0.625);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(1);
  });

  test('is deterministic for a fixed seed, and the seed matters', () => {
    const values = [0, 0.25, 0.5, 1, 1, 0, 0.75, 0.5, 1, 0];
    const first = bootstrapMean(values, createRng(7), 1000);
    expect(bootstrapMean(values, createRng(7), 1000)).toEqual(first);
    const others = [8, 9, 10, 11].map((seed) => bootstrapMean(values, createRng(seed), 1000).ci95);
    expect(others.some((ci) => JSON.stringify(ci) !== JSON.stringify(first.ci95))).toBe(true);
  });
});

describe('bootstrapRatio', () => {
  test('no units, or no denominator at all, is null', () => {
    expect(bootstrapRatio([], [], createRng(1), 1000)).toEqual({ value: null, ci95: null, n: 0 });
    expect(bootstrapRatio([0, 0], [0, 0], createRng(1), 1000)).toEqual({ value: null, ci95: null, n: 0 });
  });

  test('is sum of numerators over sum of denominators, not a mean of ratios', () => {
    // (1 + 0 + 3) / (1 + 2 + 5) = 4 / 8 = 0.5; the mean of ratios would be (1 + 0 + 0.6) / 3
    const estimate = bootstrapRatio([1, 0, 3], [1, 2, 5], createRng(5), 1000);
    expect(estimate.value).toBe(0.5);
    expect(estimate.n).toBe(3);
  });

  test('a unit with a zero denominator adds nothing, and resamples of only such units are left out', () => {
    // value = (1 + 0) / (1 + 0) = 1; a resample is either all unit 2 (bottom 0, dropped) or has
    // ratio k / k = 1, so the interval is [1, 1]
    expect(bootstrapRatio([1, 0], [1, 0], createRng(9), 1000)).toEqual({ value: 1, ci95: [1, 1], n: 2 });
  });

  test('ratios with some zero denominators stay inside the per-unit range', () => {
    // (2 + 0 + 1) / (4 + 0 + 2) = 3 / 6 = 0.5; every resampled ratio is a weighted mean of 2/4 and 1/2
    expect(bootstrapRatio([2, 0, 1], [4, 0, 2], createRng(11), 1000)).toEqual({
      value: 0.5,
      ci95: [0.5, 0.5],
      n: 3,
    });
  });
});

describe('the RNG filling a buffer', () => {
  test('draws what next() draws, in order, so intervals are the same either way', () => {
    const filled = new Float64Array(1000);
    const rng = createRng(42);
    rng.fill?.(filled.subarray(0, 600));
    rng.fill?.(filled.subarray(600));
    const one = createRng(42);
    expect([...filled]).toEqual(Array.from({ length: 1000 }, () => one.next()));
    expect(rng.next()).toBe(one.next());
  });

  test('a bootstrap with an RNG that only has next() gives the same interval', () => {
    const values = Array.from({ length: 500 }, (_, i) => ((i * 37) % 11) / 10);
    const weights = Array.from({ length: 500 }, (_, i) => i % 4);
    const plain = (seed: number) => {
      const rng = createRng(seed);
      return { next: () => rng.next() };
    };
    expect(bootstrapMean(values, createRng(5), 300)).toEqual(bootstrapMean(values, plain(5), 300));
    expect(bootstrapRatio(values, weights, createRng(6), 300)).toEqual(
      bootstrapRatio(values, weights, plain(6), 300),
    );
  });
});

describe('seedAfter', () => {
  test('starts a generator where another is after that many draws', () => {
    const rng = createRng(99);
    const draws = Array.from({ length: 5000 }, () => rng.next());
    for (const k of [0, 1, 7, 4096, 4999]) expect(createRng(seedAfter(99, k)).next()).toBe(draws[k]);
  });

  test('wraps at 2^32 draws (mulberry32 has that period) and takes counts past it', () => {
    expect(seedAfter(5, 2 ** 32 + 3)).toBe(seedAfter(5, 3));
    expect(seedAfter(0xffffffff, 2 ** 40 * 3 + 17)).toBe(seedAfter(0xffffffff, 17));
    expect(seedAfter(5, 0)).toBe(5);
  });
});

describe('the bootstrap against its definition, draw by draw', () => {
  /** The definition, written plainly: per resample, n draws of floor(next() * n), summed in order. */
  function reference(tops: ArrayLike<number>, bottoms: ArrayLike<number>, seed: number, resamples: number) {
    const statistics = referenceStatistics(tops, bottoms, seed, resamples);
    statistics.sort((a, b) => a - b);
    return [quantile(statistics, 0.025), quantile(statistics, 0.975)];
  }

  /** The definition's kept statistics, in resample order. */
  function referenceStatistics(
    tops: ArrayLike<number>,
    bottoms: ArrayLike<number>,
    seed: number,
    resamples: number,
  ): number[] {
    const rng = createRng(seed);
    const n = tops.length;
    const statistics: number[] = [];
    for (let r = 0; r < resamples; r++) {
      let top = 0;
      let bottom = 0;
      for (let i = 0; i < n; i++) {
        const unit = Math.floor(rng.next() * n);
        top += tops[unit] as number;
        bottom += bottoms[unit] as number;
      }
      if (bottom > 0) statistics.push(top / bottom);
    }
    return statistics;
  }

  const hex = (values: ArrayLike<number>) => Array.from(values, (x) => x.toString(16));

  // Few distinct values are resampled through one-byte codes, many through float64; draws are
  // taken a chunk of 4,096 at a time: both must add the same values in the same order.
  test.each([
    ['few distinct values, fewer than a chunk', 700, 5],
    ['few distinct values, several chunks and a partial one', 9_000, 12],
    ['exactly 256 distinct values', 5_000, 256],
    ['257 distinct values', 5_000, 257],
    ['thousands of distinct values', 9_000, 9_000],
  ])('%s: the same interval bit for bit', (_name, n, distinct) => {
    const rng = createRng(n + distinct);
    // Square roots use every bit of a double, so adding them in another order gives other sums.
    const levels = Array.from({ length: distinct }, () => Math.sqrt(2 + rng.next() * 5) - 1.5);
    const tops = Array.from({ length: n }, () => levels[Math.floor(rng.next() * distinct)] as number);
    const bottoms = Array.from({ length: n }, () => Math.floor(rng.next() * 4));
    const ones = tops.map(() => 1);
    const mean = bootstrapMean(tops, createRng(3), 40);
    const ratio = bootstrapRatio(tops, bottoms, createRng(4), 40);
    expect(mean.ci95?.map((x) => x.toString(16))).toEqual(
      reference(tops, ones, 3, 40).map((x) => x.toString(16)),
    );
    expect(ratio.ci95?.map((x) => x.toString(16))).toEqual(
      reference(tops, bottoms, 4, 40).map((x) => x.toString(16)),
    );
    // A request (its generator as a seed) draws the same: a mean of codes in a loop of its own.
    const request = (denominators: ArrayLike<number>, seed: number) =>
      bootstrapRequest({ numerators: tops, denominators, seed, resamples: 40 }).ci95;
    expect(hex(request(ones, 3) ?? [])).toEqual(hex(reference(tops, ones, 3, 40)));
    expect(hex(request(bottoms, 4) ?? [])).toEqual(hex(reference(tops, bottoms, 4, 40)));
  });

  // Worker threads compute a bootstrap by resample ranges, each range's generator started at its
  // own point of the sequence: every range must be exactly its slice of the definition's draws.
  test.each([
    ['a mean of few distinct values', 37, 5, false],
    ['a ratio, some resamples left out (no denominator)', 9, 6, true],
    ['a mean of 300 distinct values (float64, not codes)', 401, 300, false],
  ])('%s: any split into ranges gives the statistics bit for bit', (_name, n, distinct, ratio) => {
    const rng = createRng(n * distinct);
    const levels = Array.from({ length: distinct }, () => Math.sqrt(2 + rng.next() * 5) - 1.5);
    const tops = Array.from({ length: n }, () => levels[Math.floor(rng.next() * distinct)] as number);
    // Mostly zero denominators: some resamples draw none and are left out of the statistics.
    const bottoms = tops.map((_, k) => (ratio ? (k % 8 === 3 ? 2 : 0) : 1));
    const resamples = 97;
    const expected = hex(referenceStatistics(tops, bottoms, 11, resamples));
    if (ratio) expect(expected.length).toBeLessThan(resamples);
    expect(expected.length).toBeGreaterThan(resamples / 2);
    const range = rangeResampler({ numerators: tops, denominators: bottoms, seed: 11, resamples });
    for (const cuts of [
      [0, 97],
      [0, 1, 97],
      [0, 13, 26, 39, 52, 65, 78, 91, 97],
      [0, 50, 51, 96, 97],
    ]) {
      const parts = cuts.slice(1).flatMap((to, k) => hex(range(cuts[k] as number, to)));
      expect(parts).toEqual(expected);
    }
  });

  test('-0 among the values sums as 0 does', () => {
    const tops = [0.5, -0, 0, 0.25, -0, 1];
    expect(bootstrapMean(tops, createRng(8), 200).ci95).toEqual(
      reference(
        tops,
        tops.map(() => 1),
        8,
        200,
      ),
    );
  });
});
