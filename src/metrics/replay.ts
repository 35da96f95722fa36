import type { Estimate } from '../model/report.js';
import { bootstrapMean } from './bootstrap.js';
import { derivedRng } from './random.js';

/** What replay agreement is computed from, per question. */
export interface ReplayedQuestion {
  /** Whether the regenerated baseline matches the stack's logged response; absent when there is no logged response or no baseline. */
  readonly replayMatch?: boolean;
}

/**
 * Replay agreement: the share of questions whose regenerated baseline matches the response the
 * stack logged, with a percentile-bootstrap 95% interval over those questions (seeded like the
 * other intervals). Null when no question has both a logged response and a baseline. A low value
 * means the generator is not deterministic or has drifted since the log was taken.
 */
export function summarizeReplay(
  questions: readonly ReplayedQuestion[],
  options: { seed: number; resamples: number },
): Estimate | null {
  const flags = questions.flatMap((q) => (q.replayMatch === undefined ? [] : [q.replayMatch ? 1 : 0]));
  if (flags.length === 0) return null;
  return bootstrapMean(flags, derivedRng(options.seed, 'bootstrap', 'replayAgreement'), options.resamples);
}
