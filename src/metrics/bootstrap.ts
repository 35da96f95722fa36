import type { Estimate } from '../model/report.js';
import { createRng, derivedSeed, type Rng, seedAfter } from './random.js';

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

/** Values to draw from: one-byte codes into a table, or (past 256 distinct values) the values as the table. */
interface DrawValues {
  readonly codes: Uint8Array | undefined;
  readonly table: Float64Array;
}

function drawValues(values: ArrayLike<number>): DrawValues {
  // One array type keeps the resampling loop monomorphic (it runs n x resamples times).
  return coded(values) ?? { codes: undefined, table: Float64Array.from(values) };
}

/**
 * `sum` plus the values drawn at the positions `uniforms` give (scaled to `n`), added in order: one
 * function of the module rather than a closure per bootstrap (10% less CPU, `bench/end-phase.mjs`).
 */
function addDrawn(sum: number, values: DrawValues, uniforms: Float64Array, n: number): number {
  const { codes, table } = values;
  if (codes === undefined) {
    for (let i = 0; i < uniforms.length; i++) sum += table[Math.floor((uniforms[i] as number) * n)] as number;
    return sum;
  }
  for (let i = 0; i < uniforms.length; i++)
    sum += table[codes[Math.floor((uniforms[i] as number) * n)] as number] as number;
  return sum;
}

/** Fills a buffer with the RNG's next values in order: its own `fill` when it has one. */
function fillerOf(rng: Rng): (buffer: Float64Array) => void {
  return (
    rng.fill?.bind(rng) ??
    ((buffer: Float64Array) => {
      for (let i = 0; i < buffer.length; i++) buffer[i] = rng.next();
    })
  );
}

/**
 * Draws `resamples` resamples of the n units of `columns` (each column holds one value per unit)
 * and calls `each` with every column's sum over the units drawn (`sums`, reused between calls). A
 * unit is drawn as `randomInt(rng, n)` draws it and the sums are added in draw order, so they are
 * those of a loop drawing one unit at a time, bit for bit, made a chunk of draws at a time.
 */
export function resampledSums(
  columns: readonly ArrayLike<number>[],
  rng: Rng,
  resamples: number,
  each: (sums: Float64Array) => void,
): void {
  sumResamples(columns.map(drawValues), columns[0]?.length ?? 0, rng, resamples, each);
}

/** {@link resampledSums} over columns already made draw values, of `n` units each. */
function sumResamples(
  values: readonly DrawValues[],
  n: number,
  rng: Rng,
  resamples: number,
  each: (sums: Float64Array) => void,
): void {
  const sums = new Float64Array(values.length);
  const chunk = new Float64Array(Math.min(n, DRAW_CHUNK));
  // The values `randomInt` would draw one by one, in a loop V8 keeps tight (a bootstrap makes
  // n x resamples draws), a chunk at a time.
  const fill = fillerOf(rng);
  for (let r = 0; r < resamples; r++) {
    sums.fill(0);
    for (let done = 0; done < n; done += chunk.length) {
      const draws = done + chunk.length <= n ? chunk : chunk.subarray(0, n - done);
      fill(draws);
      for (let c = 0; c < values.length; c++)
        sums[c] = addDrawn(sums[c] as number, values[c] as DrawValues, draws, n);
    }
    each(sums);
  }
}

/** The units a ratio is estimated over. */
export interface RatioUnits {
  readonly numerators: ArrayLike<number>;
  /** One per numerator; all 1 for a mean. */
  readonly denominators: ArrayLike<number>;
}

/** What one bootstrap interval is computed from: {@link bootstrapRatio}'s input, its generator as a seed. */
export interface IntervalRequest extends RatioUnits {
  /** The seed of the generator (`createRng`) the resamples draw from. */
  readonly seed: number;
  readonly resamples: number;
}

/** Computes a request's interval; {@link bootstrapRequest}, the default, does it at once in this thread. */
export type IntervalSource = (request: IntervalRequest) => Estimate;

/** The seed, resamples and (optionally) where intervals are computed, as summaries take them. */
export interface IntervalOptions {
  readonly seed: number;
  readonly resamples: number;
  readonly intervals?: IntervalSource | undefined;
}

/**
 * The interval named `names` (its generator seeded from the run seed, 'bootstrap' and the names,
 * so each interval is reproducible on its own): a mean of `numerators`, or a ratio over `denominators`.
 */
export function intervalOf(
  options: IntervalOptions,
  names: readonly string[],
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number> = new Uint8Array(numerators.length).fill(1),
): Estimate {
  const seed = derivedSeed(options.seed, 'bootstrap', ...names);
  return (options.intervals ?? bootstrapRequest)({
    numerators,
    denominators,
    seed,
    resamples: options.resamples,
  });
}

/** The point estimate sum(numerators) / sum(denominators) over `n` units; undefined when there is none. */
export function ratioOf(units: RatioUnits): { value: number; n: number } | undefined {
  const { numerators, denominators } = units;
  const n = numerators.length;
  let totalNumerator = 0;
  let totalDenominator = 0;
  for (let i = 0; i < n; i++) {
    totalNumerator += numerators[i] as number;
    totalDenominator += denominators[i] as number;
  }
  if (n === 0 || totalDenominator === 0) return undefined;
  return { value: totalNumerator / totalDenominator, n };
}

/**
 * Draws `count` resamples and writes their statistics into `out` in order; returns how many were
 * kept (a resample with no denominator says nothing about the ratio and is left out). The draws
 * come from `rng`, or from mulberry32 started at `seed` (`createRng(seed)`'s sequence).
 */
interface Resampler {
  withRng(rng: Rng, count: number, out: Float64Array): number;
  withSeed(seed: number, count: number, out: Float64Array): number;
}

function resamplerOf(units: RatioUnits): Resampler {
  const { numerators, denominators } = units;
  const n = numerators.length;
  let allOnes = true;
  for (let i = 0; i < n && allOnes; i++) if (denominators[i] !== 1) allOnes = false;
  const top = drawValues(numerators);
  // A mean: every resample's denominator is n. Otherwise a denominator is drawn with each numerator.
  const bottom = allOnes ? undefined : drawValues(denominators);
  const columns = bottom === undefined ? [top] : [top, bottom];
  const withRng = (rng: Rng, count: number, out: Float64Array) => {
    let kept = 0;
    sumResamples(columns, n, rng, count, (sums) => {
      const bottoms = bottom === undefined ? n : (sums[1] as number);
      if (bottoms > 0) out[kept++] = (sums[0] as number) / bottoms;
    });
    return kept;
  };
  return { withRng, withSeed: (seed, count, out) => withRng(createRng(seed), count, out) };
}

/**
 * A request's resamples by ranges: `range(from, to)` gives the kept statistics of resamples `from`
 * to `to` (not included), the same values as those resamples of {@link bootstrapRequest}, its
 * generator started where resample `from` starts (after `from` x n draws). The ranges of a split,
 * in order, give that bootstrap's statistics.
 */
export function rangeResampler(request: IntervalRequest): (from: number, to: number) => Float64Array {
  const resample = resamplerOf(request);
  const n = request.numerators.length;
  return (from, to) => {
    const out = new Float64Array(to - from);
    return out.subarray(0, resample.withSeed(seedAfter(request.seed, from * n), to - from, out));
  };
}

/** The estimate from a ratio and its resamples' kept statistics (sorted here, in place). */
export function estimateFrom(ratio: { value: number; n: number }, statistics: Float64Array): Estimate {
  const { value, n } = ratio;
  if (statistics.length === 0) return { value, ci95: [value, value], n };
  const sorted = statistics.sort();
  return { value, ci95: [quantile(sorted, 0.025), quantile(sorted, 0.975)], n };
}

/** A request's interval, computed here: {@link bootstrapRatio} with the request's seeded generator. */
export function bootstrapRequest(request: IntervalRequest): Estimate {
  const ratio = ratioOf(request);
  if (ratio === undefined) return { value: null, ci95: null, n: 0 };
  return estimateFrom(ratio, rangeResampler(request)(0, request.resamples));
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
  const units = { numerators, denominators };
  const ratio = ratioOf(units);
  if (ratio === undefined) return { value: null, ci95: null, n: 0 };
  const statistics = new Float64Array(resamples);
  return estimateFrom(ratio, statistics.subarray(0, resamplerOf(units).withRng(rng, resamples, statistics)));
}

/** Mean with a percentile bootstrap interval; see {@link bootstrapRatio}. */
export function bootstrapMean(values: ArrayLike<number>, rng: Rng, resamples: number): Estimate {
  return bootstrapRatio(values, new Uint8Array(values.length).fill(1), rng, resamples);
}
