import { describe, expect, it } from 'vitest';
import { exactMcNemar, holmAdjust } from '../../src/metrics/mcnemar.js';
import type { MetricUnit } from '../../src/metrics/metric-units.js';
import { pairedBootstrapDelta } from '../../src/metrics/paired-bootstrap.js';
import { createRng } from '../../src/metrics/random.js';

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
  it('has no delta when a run has no value', () => {
    const result = pairedBootstrapDelta([unit(0, 0)], [unit(1)], createRng(1), options);
    expect(result).toMatchObject({ delta: null, interval: null, pValue: null, before: null, after: 1 });
  });
});
