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

/** Draws made per call to the RNG's `fill`: a buffer that stays in the processor's first-level cache. */
const DRAW_CHUNK = 4096;

/**
 * The values as one-byte codes into a table of at most 256 distinct values, or undefined when there
 * are more. The bootstrap reads values at random positions: a million values take 1 MB as codes,
 * which stays in the processor's cache, against 8 MB as float64, which does not (a million-question
 * bootstrap ran 5x slower per draw than a 100,000-question one). Summed in the same order, the
 * table's values give the same sums bit for bit (-0 is coded as 0: a sum that starts at +0 is not
 * changed by adding either).
 */
function coded(values: ArrayLike<number>): { codes: Uint8Array; table: Float64Array } | undefined {
  const codes = new Uint8Array(values.length);
  const codeOf = new Map<number, number>();
  const table = new Float64Array(256);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    let code = codeOf.get(value);
    if (code === undefined) {
      if (codeOf.size === 256) return undefined;
      code = codeOf.size;
      codeOf.set(value, code);
      table[code] = value;
    }
    codes[i] = code;
  }
  return { codes, table };
}

/** `sum` plus the values drawn at the positions `uniforms` give (scaled to `n`), added in order. */
type DrawSum = (sum: number, uniforms: Float64Array, n: number) => number;

function drawSum(values: ArrayLike<number>): DrawSum {
  const small = coded(values);
  if (small !== undefined) {
    const { codes, table } = small;
    return (sum, uniforms, n) => {
      for (let i = 0; i < uniforms.length; i++)
        sum += table[codes[Math.floor((uniforms[i] as number) * n)] as number] as number;
      return sum;
    };
  }
  // One array type keeps the resampling loop monomorphic (it runs n x resamples times).
  const plain = Float64Array.from(values);
  return (sum, uniforms, n) => {
    for (let i = 0; i < uniforms.length; i++) sum += plain[Math.floor((uniforms[i] as number) * n)] as number;
    return sum;
  };
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
  let allOnes = true;
  for (let i = 0; i < n; i++) {
    totalNumerator += numerators[i] as number;
    totalDenominator += denominators[i] as number;
    if (denominators[i] !== 1) allOnes = false;
  }
  if (n === 0 || totalDenominator === 0) return { value: null, ci95: null, n: 0 };
  const value = totalNumerator / totalDenominator;
  const statistics = new Float64Array(resamples);
  // Each resample's draws, when the RNG can fill a buffer: the values `randomInt` would draw one
  // by one, in a loop V8 keeps tight (the bootstrap makes n x resamples draws), a chunk at a time.
  const fill =
    rng.fill?.bind(rng) ??
    ((out: Float64Array) => {
      for (let i = 0; i < out.length; i++) out[i] = rng.next();
    });
  const chunk = new Float64Array(Math.min(n, DRAW_CHUNK));
  const top = drawSum(numerators);
  // A mean: every resample's denominator is n. Otherwise a denominator is drawn with each numerator.
  const bottom = allOnes ? undefined : drawSum(denominators);
  let kept = 0;
  for (let r = 0; r < resamples; r++) {
    let tops = 0;
    let bottoms = allOnes ? n : 0;
    for (let done = 0; done < n; done += chunk.length) {
      const draws = done + chunk.length <= n ? chunk : chunk.subarray(0, n - done);
      fill(draws);
      tops = top(tops, draws, n);
      if (bottom !== undefined) bottoms = bottom(bottoms, draws, n);
    }
    // A resample with no denominator says nothing about the ratio; it is left out.
    if (bottoms > 0) statistics[kept++] = tops / bottoms;
  }
  const sorted = statistics.subarray(0, kept).sort();
  if (kept === 0) return { value, ci95: [value, value], n };
  return { value, ci95: [quantile(sorted, 0.025), quantile(sorted, 0.975)], n };
}

/** Mean with a percentile bootstrap interval; see {@link bootstrapRatio}. */
export function bootstrapMean(values: ArrayLike<number>, rng: Rng, resamples: number): Estimate {
  return bootstrapRatio(values, new Uint8Array(values.length).fill(1), rng, resamples);
}
