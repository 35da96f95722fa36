import { describe, expect, it } from 'vitest';
import { quantile } from '../../src/metrics/bootstrap.js';
import { exactMcNemar, holmAdjust } from '../../src/metrics/mcnemar.js';
import type { MetricUnit } from '../../src/metrics/metric-units.js';
import { pairedBootstrapDelta } from '../../src/metrics/paired-bootstrap.js';
import { createRng, type Rng, randomInt } from '../../src/metrics/random.js';

const unit = (numerator: number, denominator = 1): MetricUnit => ({ numerator, denominator });

describe('exactMcNemar', () => {
  it.each([
    // Two-sided exact binomial p-values, computed by hand: 2 * P(Bin(n, 1/2) <= min(b, c)).
    [0, 0, 1],
    [3, 3, 1],
    [0, 5, 2 / 32],
    [1, 5, (2 * (1 + 6)) / 64],
    [0, 10, 2 / 1024],
    [2, 8, (2 * (1 + 10 + 45)) / 1024],
  ])('b=%i c=%i -> %f', (b, c, p) => {
    expect(exactMcNemar(b, c)).toBeCloseTo(p, 12);
    expect(exactMcNemar(c, b)).toBeCloseTo(p, 12);
  });
  it('stays finite for thousands of discordant pairs', () => {
    const p = exactMcNemar(4900, 5100);
    expect(p).toBeGreaterThan(0.04);
    expect(p).toBeLessThan(0.06);
    expect(exactMcNemar(0, 5000)).toBe(0);
  });
  it('rejects counts that are not counts', () => {
    expect(() => exactMcNemar(-1, 2)).toThrow(RangeError);
    expect(() => exactMcNemar(1.5, 2)).toThrow(RangeError);
  });
});

describe('holmAdjust', () => {
  it('multiplies by the remaining count, keeps monotone and order', () => {
    const adjusted = holmAdjust([0.04, 0.01, 0.03]);
    expect(adjusted[1]).toBeCloseTo(0.03, 12);
    expect(adjusted[2]).toBeCloseTo(0.06, 12);
    expect(adjusted[0]).toBeCloseTo(0.06, 12);
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('pairedBootstrapDelta', () => {
  const options = { resamples: 2000, level: 0.95 };
  it('gives no change, a zero-width interval and p = 1 for identical runs', () => {
    const units = [unit(1), unit(0), unit(1), unit(0.5)];
    const result = pairedBootstrapDelta(units, units, createRng(1), options);
    expect(result).toMatchObject({ delta: 0, interval: [0, 0], pValue: 1, n: 4 });
  });
  it('finds a large paired drop significant and a small one not', () => {
    const before = Array.from({ length: 100 }, () => unit(1));
    const bigDrop = before.map((u, i) => (i < 30 ? unit(0) : u));
    const smallDrop = before.map((u, i) => (i < 2 ? unit(0) : u));
    const big = pairedBootstrapDelta(before, bigDrop, createRng(1), options);
    expect(big.delta).toBeCloseTo(-0.3, 12);
    expect(big.pValue).toBeLessThan(0.01);
    expect(big.interval?.[1]).toBeLessThan(0);
    const small = pairedBootstrapDelta(before, smallDrop, createRng(1), options);
    expect(small.delta).toBeCloseTo(-0.02, 12);
    expect(small.pValue).toBeGreaterThan(0.05);
    expect(small.interval?.[1]).toBe(0);
  });
  it('treats ratio metrics by their sums and skips questions with no say in either run', () => {
    const before = [unit(2, 4), unit(0, 0), unit(1, 1)];
    const after = [unit(1, 4), unit(0, 0), unit(1, 1)];
    const result = pairedBootstrapDelta(before, after, createRng(3), options);
    expect(result.before).toBeCloseTo(3 / 5, 12);
    expect(result.after).toBeCloseTo(2 / 5, 12);
    expect(result.n).toBe(2);
  });
  it('draws and sums as the definition does, one question at a time, bit for bit', () => {
    // The definition: for each resample, n questions drawn with randomInt(rng, n), each adding its
    // four values to the sums in draw order; the deltas sorted; the quantiles and the p-value.
    const reference = (before: MetricUnit[], after: MetricUnit[], rng: Rng, resamples: number) => {
      const pairs = before
        .map((b, i) => [b, after[i] as MetricUnit] as const)
        .filter(([b, a]) => b.denominator > 0 || a.denominator > 0);
      const deltas: number[] = [];
      for (let r = 0; r < resamples; r++) {
        let [topBefore, bottomBefore, topAfter, bottomAfter] = [0, 0, 0, 0];
        for (let i = 0; i < pairs.length; i++) {
          const [b, a] = pairs[randomInt(rng, pairs.length)] as readonly [MetricUnit, MetricUnit];
          topBefore += b.numerator;
          bottomBefore += b.denominator;
          topAfter += a.numerator;
          bottomAfter += a.denominator;
        }
        if (bottomBefore > 0 && bottomAfter > 0)
          deltas.push(topAfter / bottomAfter - topBefore / bottomBefore);
      }
      return deltas.sort((x, y) => x - y);
    };
    const data = createRng(11);
    // Sizes around the 4,096-draw chunk; values with few and with more than 256 distinct numbers.
    for (const n of [1, 2, 7, 4095, 4096, 4097, 9000]) {
      for (const spread of [2, 1000]) {
        const value = () => Math.floor(data.next() * spread) / (spread - 1);
        const before = Array.from({ length: n }, () =>
          unit(value(), data.next() < 0.2 ? 0 : 1 + randomInt(data, 3)),
        );
        const after = Array.from({ length: n }, () =>
          unit(value(), data.next() < 0.2 ? 0 : 1 + randomInt(data, 3)),
        );
        const resamples = n > 1000 ? 40 : 400;
        const level = 0.9;
        const deltas = reference(before, after, createRng(n), resamples);
        const result = pairedBootstrapDelta(before, after, createRng(n), { resamples, level });
        if (deltas.length === 0) continue;
        const tail = (1 - level) / 2;
        expect(result.interval).toEqual([quantile(deltas, tail), quantile(deltas, 1 - tail)]);
        const below = deltas.filter((d) => d <= 1e-12).length;
        const above = deltas.filter((d) => d >= -1e-12).length;
        expect(result.pValue).toBe(Math.min(1, (2 * (Math.min(below, above) + 1)) / (deltas.length + 1)));
        // An RNG without fill() draws the same values one by one.
        const plain = createRng(n);
        const oneByOne = pairedBootstrapDelta(
          before,
          after,
          { next: () => plain.next() },
          { resamples, level },
        );
        expect(oneByOne).toEqual(result);
      }
    }
  });
  it('has no delta when a run has no value', () => {
    const result = pairedBootstrapDelta([unit(0, 0)], [unit(1)], createRng(1), options);
    expect(result).toMatchObject({ delta: null, interval: null, pValue: null, before: null, after: 1 });
  });
});
