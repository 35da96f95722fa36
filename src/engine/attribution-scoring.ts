import {
  type Generator,
  isScoringGenerator,
  type PromptPassage,
  type ScoreRequest,
} from '../generators/types.js';
import type { Matcher } from '../metrics/matcher.js';
import type { AttributionScoring } from '../model/attribution.js';
import type { CallOutcome, CallResult } from './calls/scheduler.js';

/** What attribution needs to score masks: the generator, and the run's scheduled call. */
export interface MaskScoringContext {
  readonly generator: Generator;
  /** The run's scheduler call: cache, shared identical calls, retries, rate limit. */
  readonly call: (request: { question: string; passages: readonly PromptPassage[] }) => Promise<CallResult>;
  readonly matcher: Matcher;
  /** The run's scheduled scoring call, when the generator scores by teacher forcing. */
  readonly score?: (request: ScoreRequest) => Promise<CallOutcome<number>>;
}

/** Each mask's score (null when its call failed) and how the scores were measured. */
export interface MaskScores {
  readonly scoring: AttributionScoring;
  readonly scores: (number | null)[];
}

/** `logprob` when the generator can score a given answer by teacher forcing, else `match`. */
export function attributionScoring(generator: Generator): AttributionScoring {
  return isScoringGenerator(generator) && generator.scoring === 'teacher-forced' ? 'logprob' : 'match';
}

/**
 * Scores the baseline answer `baseline` under each masked passage list. With a generator that
 * scores by teacher forcing: its log-probability of `baseline`. Otherwise each mask is answered
 * through the run's scheduler (so the cache and early stopping work as for probes) and scores 1
 * when the answer matches `baseline`, else 0. The one place attribution calls a generator.
 */
export async function scoreMasks(
  context: MaskScoringContext,
  question: string,
  baseline: string,
  masked: readonly (readonly PromptPassage[])[],
  signal?: AbortSignal,
): Promise<MaskScores> {
  const { generator, matcher, score } = context;
  if (attributionScoring(generator) === 'logprob' && score !== undefined) {
    // Through the scheduler: cached, retried, batched; a failed call leaves its mask out.
    const scored = await Promise.all(
      masked.map((passages) => score({ question, passages, answer: baseline })),
    );
    return {
      scoring: 'logprob',
      scores: scored.map((result) =>
        'value' in result && Number.isFinite(result.value) ? result.value : null,
      ),
    };
  }
  signal?.throwIfAborted();
  const results = await Promise.all(masked.map((passages) => context.call({ question, passages })));
  const answers = results.flatMap((result) => ('value' in result ? [result.value.answer] : []));
  await matcher.prepare?.([baseline, ...answers]);
  return {
    scoring: 'match',
    scores: results.map((result) =>
      'value' in result ? (matcher.match(result.value.answer, baseline) ? 1 : 0) : null,
    ),
  };
}
