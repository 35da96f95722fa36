import type {
  AttributionScoring,
  AttributionSummary,
  QuestionAttribution,
  SentenceWeight,
} from '../model/attribution.js';
import { fitLassoCV, predictLinear } from './lasso.js';
import { spearman } from './lds.js';
import type { Rng } from './random.js';

/** Each sentence is kept in a random mask with this probability. */
export const KEEP_PROBABILITY = 0.5;

/**
 * Below these absolute weights a sentence does not matter: 1 logit unit (`logprob`: keeping the
 * sentence moves the odds of the answer by less than a factor e), or 0.05 probability of keeping
 * the answer (`match`). When every weight is below, the answer does not depend on the context.
 */
export const NEGLIGIBLE_WEIGHT: Readonly<Record<AttributionScoring, number>> = { logprob: 1, match: 0.05 };

// Probabilities are clipped to [1e-6, 1 - 1e-6] before the logit, so an answer scored certain
// (log-probability 0) or impossible has a finite target.
const CLIP = 1e-6;

/** Held-out masks per question for `samples` fitted ones: a quarter of them, at least 4. */
export function heldOutCount(samples: number): number {
  return Math.max(4, Math.ceil(samples / 4));
}

/** `count` masks over `sentences` sentences, each sentence kept with probability ½. */
export function drawMasks(rng: Rng, sentences: number, count: number): boolean[][] {
  return Array.from({ length: count }, () =>
    Array.from({ length: sentences }, () => rng.next() < KEEP_PROBABILITY),
  );
}

/**
 * The regression target of one mask's score: for `logprob`, the logit of p = exp(log-probability),
 * i.e. log p − log(1 − p) (ContextCite's target); for `match`, the 0/1 score itself.
 */
export function maskTarget(score: number, scoring: AttributionScoring): number {
  if (scoring === 'match') return score;
  const p = Math.min(1 - CLIP, Math.max(CLIP, Math.exp(score)));
  return Math.log(p) - Math.log1p(-p);
}

/** A sentence before fitting: where it is and its text. */
export type ContextSentence = Omit<SentenceWeight, 'weight'>;

/**
 * Fits the surrogate on the first `fitCount` masks and measures LDS on the rest. `scores[i]` is
 * mask i's score (null when its call failed; left out). Weights are LASSO's (cross-validated
 * penalty, {@link fitLassoCV}) on mask indicators against {@link maskTarget}.
 */
export function attributeSentences(input: {
  sentences: readonly ContextSentence[];
  masks: readonly (readonly boolean[])[];
  scores: readonly (number | null)[];
  fitCount: number;
  scoring: AttributionScoring;
}): QuestionAttribution {
  const { sentences, masks, scores, fitCount, scoring } = input;
  const rows = (from: number, to: number) =>
    masks.slice(from, to).flatMap((mask, offset) => {
      const score = scores[from + offset];
      return score === null || score === undefined
        ? []
        : [{ x: mask.map((kept) => (kept ? 1 : 0)), y: maskTarget(score, scoring) }];
    });
  const train = rows(0, fitCount);
  const test = rows(fitCount, masks.length);
  const errors = scores.filter((score) => score === null).length;
  const fit =
    train.length === 0
      ? { weights: sentences.map(() => 0), intercept: 0, lambda: 0 }
      : fitLassoCV(
          train.map((r) => r.x),
          train.map((r) => r.y),
        );
  const lds = spearman(
    test.map((r) => predictLinear(fit, r.x)),
    test.map((r) => r.y),
  );
  const weights = fit.weights.map((w) => (Object.is(w, -0) ? 0 : w));
  return {
    scoring,
    samples: train.length,
    heldOut: test.length,
    errors,
    sentences: sentences.map((sentence, j) => ({ ...sentence, weight: weights[j] ?? 0 })),
    intercept: fit.intercept,
    lambda: fit.lambda,
    lds,
    dependsOnContext: weights.some((w) => Math.abs(w) >= NEGLIGIBLE_WEIGHT[scoring]),
  };
}

/** The sentences with a positive, non-negligible weight, highest first, at most `count`. */
export function topSentences(attribution: QuestionAttribution, count = 3): SentenceWeight[] {
  const floor = NEGLIGIBLE_WEIGHT[attribution.scoring];
  return attribution.sentences
    .filter((sentence) => sentence.weight >= floor)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, count);
}

/** The run's attribution summary over the questions that have one. */
export function summarizeAttribution(
  questions: readonly { readonly attribution?: QuestionAttribution }[],
): AttributionSummary {
  const attributed = questions.flatMap((q) => (q.attribution === undefined ? [] : [q.attribution]));
  const lds = attributed.flatMap((a) => (a.lds === null ? [] : [a.lds]));
  return {
    questions: attributed.length,
    meanLds: lds.length === 0 ? null : lds.reduce((sum, v) => sum + v, 0) / lds.length,
    ldsQuestions: lds.length,
    contextIndependent: attributed.filter((a) => !a.dependsOnContext).length,
  };
}
