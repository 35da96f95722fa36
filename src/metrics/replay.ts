import type { Estimate } from '../model/report.js';
import { type IntervalOptions, intervalOf } from './bootstrap.js';
import { byteColumn } from './column.js';

/** What replay agreement is computed from, per question. */
export interface ReplayedQuestion {
  /** Whether the regenerated baseline matches the stack's logged response; absent when there is no logged response or no baseline. */
  readonly replayMatch?: boolean;
}

/** Adds questions one at a time; {@link summarizeReplay} over a list is the same fold. */
export function createReplayFold() {
  const flags = byteColumn();
  return {
    add(question: ReplayedQuestion) {
      if (question.replayMatch !== undefined) flags.push(question.replayMatch ? 1 : 0);
    },
    finish(options: IntervalOptions): Estimate | null {
      if (flags.length === 0) return null;
      return intervalOf(options, ['replayAgreement'], flags.values());
    },
  };
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
  const fold = createReplayFold();
  for (const question of questions) fold.add(question);
  return fold.finish(options);
}
