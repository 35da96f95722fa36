import type { PairedDelta } from '../model/comparison.js';
import { quantile, resampledSums } from './bootstrap.js';
import { type MetricUnit, ratioOf } from './metric-units.js';
import type { Rng } from './random.js';

/**
 * Paired percentile bootstrap of the change in a ratio metric: `before[i]` and `after[i]` are the
 * same question in the two runs; each resample draws questions with replacement and keeps both
 * runs' units of a drawn question together, so question difficulty cancels out of the change.
 * Resamples where either run has no denominator are left out. Each question is drawn as
 * `randomInt(rng, n)` draws it, a chunk of draws at a time ({@link resampledSums}).
 */
export function pairedBootstrapDelta(
  before: readonly MetricUnit[],
  after: readonly MetricUnit[],
  rng: Rng,
  options: { resamples: number; level: number },
): PairedDelta {
  if (before.length !== after.length) throw new RangeError('paired units must be the same length');
  const pairs = before
    .map((unit, index) => [unit, after[index] as MetricUnit] as const)
    .filter(([b, a]) => b.denominator > 0 || a.denominator > 0);
  const n = pairs.length;
  const valueBefore = ratioOf(pairs.map(([b]) => b));
  const valueAfter = ratioOf(pairs.map(([, a]) => a));
  if (valueBefore === null || valueAfter === null) {
    return { delta: null, before: valueBefore, after: valueAfter, interval: null, pValue: null, n };
  }
  const delta = valueAfter - valueBefore;
  const deltas: number[] = [];
  const column = (pick: (pair: (typeof pairs)[number]) => number) => Float64Array.from(pairs, pick);
  const columns = [
    column(([b]) => b.numerator),
    column(([b]) => b.denominator),
    column(([, a]) => a.numerator),
    column(([, a]) => a.denominator),
  ];
  // Each resample's sums: the numerators and denominators before, then after.
  resampledSums(
    columns,
    rng,
    options.resamples,
    ([topBefore = 0, bottomBefore = 0, topAfter = 0, bottomAfter = 0]) => {
      if (bottomBefore > 0 && bottomAfter > 0) deltas.push(topAfter / bottomAfter - topBefore / bottomBefore);
    },
  );
  if (deltas.length === 0)
    return { delta, before: valueBefore, after: valueAfter, interval: [delta, delta], pValue: 1, n };
  deltas.sort((x, y) => x - y);
  const tail = (1 - options.level) / 2;
  const interval: [number, number] = [quantile(deltas, tail), quantile(deltas, 1 - tail)];
  // Tolerance: resamples that reproduce "no change" up to float noise count on both sides.
  const epsilon = 1e-12;
  const atOrBelow = deltas.filter((d) => d <= epsilon).length;
  const atOrAbove = deltas.filter((d) => d >= -epsilon).length;
  const total = deltas.length;
  const pValue = Math.min(1, (2 * (Math.min(atOrBelow, atOrAbove) + 1)) / (total + 1));
  return { delta, before: valueBefore, after: valueAfter, interval, pValue, n };
}
