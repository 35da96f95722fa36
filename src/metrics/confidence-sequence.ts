import type { MetricUnit } from './metric-units.js';

/**
 * Anytime-valid sequential test of a ratio metric against a threshold, by betting
 * (Waudby-Smith & Ramdas, "Estimating means of bounded random variables by betting", JRSS-B 2024;
 * the without-replacement form from their "Confidence sequences for sampling without
 * replacement", NeurIPS 2020). See docs/gates.md for why this rule and what it promises.
 *
 * A metric is sum(a) / sum(b) over questions. "metric <= m" is the same as sum(a - m b) <= 0, so
 * each question gives y(m) = (a - m b) / scale in [-1, 1] and the test is about the mean of y. A
 * bettor who wagers a fraction lambda of its wealth on "y is above its null mean" each time a
 * question arrives multiplies its wealth by 1 + lambda (y - c); under the null that is a
 * non-negative supermartingale, so by Ville's inequality it ever reaches 1/alpha with probability
 * at most alpha, however often it is looked at. Reaching 1/alpha rejects the null.
 */
export interface SequenceOptions {
  /**
   * Number of questions in the whole dataset when the questions are drawn from it in random
   * order without replacement: the target is then the full run's value, and the interval shrinks
   * to it as the sample approaches the whole. Null: the questions are an i.i.d. sample and the
   * target is the population value behind them.
   */
  readonly populationSize: number | null;
  /** Error budget of each one-sided test (each end of the interval). */
  readonly alphaPerSide: number;
  /** Largest denominator of one unit, so that every y lies in [-1, 1]. */
  readonly scale: number;
  /** The threshold the bets are tuned for (the gate's); any value is valid, this one is efficient. */
  readonly tuneAt: number;
}

/** Where the metric stands against one value m. */
export interface SequenceVerdict {
  /** "metric <= m" rejected: the metric is above m. */
  readonly above: boolean;
  /** "metric >= m" rejected: the metric is below m. */
  readonly below: boolean;
}

const MAX_BET = 0.5;
const PRIOR_VARIANCE = 0.25;

/**
 * Bets predictable from the past only and independent of the value tested, so one sequence of
 * bets serves every m and the rejected sets are intervals. Tuned like the "predictable plug-in"
 * of Waudby-Smith & Ramdas: lambda_i = sqrt(2 log(1/alpha) / (variance_(i-1) * i * log(i + 1))).
 */
export function bets(units: readonly MetricUnit[], options: SequenceOptions): number[] {
  const logInverseAlpha = Math.log(1 / options.alphaPerSide);
  const result: number[] = [];
  let sum = 0;
  let squares = PRIOR_VARIANCE;
  for (let i = 1; i <= units.length; i++) {
    const variance = squares / i;
    result.push(Math.min(MAX_BET, Math.sqrt((2 * logInverseAlpha) / (variance * i * Math.log(i + 1)))));
    const unit = units[i - 1] as MetricUnit;
    const y = (unit.numerator - options.tuneAt * unit.denominator) / options.scale;
    const mean = sum / i;
    squares += (y - mean) ** 2;
    sum += y;
  }
  return result;
}

/** Tests the metric against one value m, given the bets. */
export function testValue(
  units: readonly MetricUnit[],
  m: number,
  lambdas: readonly number[],
  options: SequenceOptions,
): SequenceVerdict {
  const { populationSize: size, scale } = options;
  const barrier = Math.log(1 / options.alphaPerSide);
  let logUp = 0;
  let logDown = 0;
  let above = false;
  let below = false;
  let sum = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as MetricUnit;
    const y = (unit.numerator - m * unit.denominator) / scale;
    // Under sampling without replacement, the null "sum over all of y = 0" fixes the mean of
    // what is still undrawn: c = -(sum so far) / (questions left). The bound in [-1, 1] keeps
    // each wager's loss under its stake; outside it the null is settled outright below.
    const c = size === null ? 0 : -sum / (size - i);
    const lambda = lambdas[i] as number;
    logUp += Math.log(Math.max(0, 1 + lambda * (y - Math.min(c, 1))));
    logDown += Math.log(Math.max(0, 1 - lambda * (y - Math.max(c, -1))));
    if (logUp >= barrier) above = true;
    if (logDown >= barrier) below = true;
    sum += y;
  }
  if (size !== null) {
    // What is left cannot bring the total back: each undrawn y lies in [-1, 1].
    const left = size - units.length;
    // A hair of tolerance keeps a value exactly at m (summed with rounding) from deciding.
    if (sum > left + 1e-9) above = true;
    if (sum < -left - 1e-9) below = true;
  }
  return { above, below };
}

/** The sequence's current interval: values of the metric not rejected on either side. */
export function sequenceInterval(
  units: readonly MetricUnit[],
  options: SequenceOptions,
  iterations = 40,
): [number, number] {
  const lambdas = bets(units, options);
  const aboveAt = (m: number) => testValue(units, m, lambdas, options).above;
  const belowAt = (m: number) => testValue(units, m, lambdas, options).below;
  // "above m" holds for every m under the lower end; "below m" for every m over the upper end.
  let lower = 0;
  if (aboveAt(0)) {
    let high = 1;
    if (aboveAt(1)) lower = 1;
    else {
      let low = 0;
      for (let k = 0; k < iterations; k++) {
        const mid = (low + high) / 2;
        if (aboveAt(mid)) low = mid;
        else high = mid;
      }
      lower = low;
    }
  }
  let upper = 1;
  if (belowAt(1)) {
    let low = 0;
    if (belowAt(0)) upper = 0;
    else {
      let high = 1;
      for (let k = 0; k < iterations; k++) {
        const mid = (low + high) / 2;
        if (belowAt(mid)) high = mid;
        else low = mid;
      }
      upper = high;
    }
  }
  return [lower, Math.max(lower, upper)];
}

/** Where a metric stands against its threshold after the units seen so far. */
export interface SequentialCheck {
  /** `above`: the metric exceeds the threshold; `below`: it falls short; `undecided` otherwise. */
  readonly decision: 'above' | 'below' | 'undecided';
  readonly interval: [number, number];
  /** Units seen. */
  readonly n: number;
}

/** The decision alone (no interval): cheaper, for checking after every look. */
export function decideSequence(
  units: readonly MetricUnit[],
  threshold: number,
  options: Omit<SequenceOptions, 'tuneAt'>,
): SequentialCheck['decision'] {
  const tuned = { ...options, tuneAt: threshold };
  const verdict = testValue(units, threshold, bets(units, tuned), tuned);
  if (verdict.above && !verdict.below) return 'above';
  if (verdict.below && !verdict.above) return 'below';
  return 'undecided';
}

/** Checks a metric against a threshold with the sequence tuned for that threshold. */
export function checkSequence(
  units: readonly MetricUnit[],
  threshold: number,
  options: Omit<SequenceOptions, 'tuneAt'>,
): SequentialCheck {
  return {
    decision: decideSequence(units, threshold, options),
    interval: sequenceInterval(units, { ...options, tuneAt: threshold }),
    n: units.length,
  };
}
