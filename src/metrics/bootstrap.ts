import type { Estimate } from '../model/report.js';
import type { Rng } from './random.js';

/** Linear-interpolation quantile (Hyndman-Fan type 7) of an ascending-sorted list. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
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
  // Copies of one array type keep the resampling loop monomorphic (it runs n x resamples times).
  const tops = Float64Array.from(numerators);
  const bottoms = Float64Array.from(denominators);
  let totalNumerator = 0;
  let totalDenominator = 0;
  let allOnes = true;
  for (let i = 0; i < n; i++) {
    totalNumerator += tops[i] as number;
    totalDenominator += bottoms[i] as number;
    if (bottoms[i] !== 1) allOnes = false;
  }
  if (n === 0 || totalDenominator === 0) return { value: null, ci95: null, n: 0 };
  const value = totalNumerator / totalDenominator;
  const statistics = new Float64Array(resamples);
  // Each resample's draws, when the RNG can fill a buffer: the values `randomInt` would draw one
  // by one, in a loop V8 keeps tight (the bootstrap makes n x resamples draws).
  const fill =
    rng.fill?.bind(rng) ??
    ((out: Float64Array) => {
      for (let i = 0; i < out.length; i++) out[i] = rng.next();
    });
  const uniforms = new Float64Array(n);
  let kept = 0;
  for (let r = 0; r < resamples; r++) {
    fill(uniforms);
    let top = 0;
    let bottom = 0;
    if (allOnes) {
      // A mean: every resample's denominator is n.
      for (let i = 0; i < n; i++) top += tops[Math.floor((uniforms[i] as number) * n)] as number;
      bottom = n;
    } else {
      for (let i = 0; i < n; i++) {
        const unit = Math.floor((uniforms[i] as number) * n);
        top += tops[unit] as number;
        bottom += bottoms[unit] as number;
      }
    }
    // A resample with no denominator says nothing about the ratio; it is left out.
    if (bottom > 0) statistics[kept++] = top / bottom;
  }
  const sorted = statistics.subarray(0, kept).sort();
  if (kept === 0) return { value, ci95: [value, value], n };
  return { value, ci95: [quantile(sorted, 0.025), quantile(sorted, 0.975)], n };
}

/** Mean with a percentile bootstrap interval; see {@link bootstrapRatio}. */
export function bootstrapMean(values: ArrayLike<number>, rng: Rng, resamples: number): Estimate {
  return bootstrapRatio(values, new Uint8Array(values.length).fill(1), rng, resamples);
}
