import type { Estimate } from '../model/report.js';
import { type Rng, randomInt } from './random.js';

/** Linear-interpolation quantile (Hyndman-Fan type 7) of an ascending-sorted list. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty list');
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

/**
 * Ratio estimate sum(numerators) / sum(denominators) with a percentile bootstrap interval over
 * units: `resamples` times, draw units with replacement and recompute the ratio; the interval is
 * the 2.5th and 97.5th percentiles. A mean is the case where every denominator is 1.
 */
export function bootstrapRatio(
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  rng: Rng,
  resamples: number,
): Estimate {
  const n = numerators.length;
  let totalNumerator = 0;
  let totalDenominator = 0;
  for (let i = 0; i < n; i++) {
    totalNumerator += numerators[i] as number;
    totalDenominator += denominators[i] as number;
  }
  if (n === 0 || totalDenominator === 0) return { value: null, ci95: null, n: 0 };
  const value = totalNumerator / totalDenominator;
  const statistics: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let top = 0;
    let bottom = 0;
    for (let i = 0; i < n; i++) {
      const unit = randomInt(rng, n);
      top += numerators[unit] as number;
      bottom += denominators[unit] as number;
    }
    // A resample with no denominator says nothing about the ratio; it is left out.
    if (bottom > 0) statistics.push(top / bottom);
  }
  statistics.sort((a, b) => a - b);
  if (statistics.length === 0) return { value, ci95: [value, value], n };
  return { value, ci95: [quantile(statistics, 0.025), quantile(statistics, 0.975)], n };
}

/** Mean with a percentile bootstrap interval; see {@link bootstrapRatio}. */
export function bootstrapMean(values: ArrayLike<number>, rng: Rng, resamples: number): Estimate {
  return bootstrapRatio(values, new Uint8Array(values.length).fill(1), rng, resamples);
}
