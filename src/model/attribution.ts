/**
 * How a mask's score was measured: `logprob`, the generator's log-probability of the baseline
 * answer given the masked passages (fitted on its logit); `match`, 1 when the answer given the
 * masked passages still matches the baseline answer, else 0.
 */
export type AttributionScoring = 'logprob' | 'match';

/** One sentence of the retrieved passages and its weight in the surrogate. */
export interface SentenceWeight {
  /** 1-based rank of the passage the sentence is in. */
  readonly rank: number;
  /** Offsets of the sentence in that passage's text (UTF-16 units, end exclusive). */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /**
   * The surrogate's weight: how much keeping the sentence raises the score (in logit units for
   * `logprob`, in probability of keeping the answer for `match`); 0 when LASSO dropped it.
   */
  readonly weight: number;
}

/** Sentence attribution of one question's baseline answer; docs/metrics.md. */
export interface QuestionAttribution {
  readonly scoring: AttributionScoring;
  /** Masks the surrogate was fitted on (answered ones). */
  readonly samples: number;
  /** Held-out masks answered, on which `lds` is measured. */
  readonly heldOut: number;
  /** Mask calls that failed after their retries (left out of the fit and of LDS). */
  readonly errors: number;
  /** Every sentence, in passage then text order. */
  readonly sentences: readonly SentenceWeight[];
  readonly intercept: number;
  /** The cross-validated L1 penalty (on standardised masks). */
  readonly lambda: number;
  /** Spearman correlation of predicted and actual held-out scores; null when either is constant. */
  readonly lds: number | null;
  /** False when every weight is below the negligible threshold: the answer does not depend on the context. */
  readonly dependsOnContext: boolean;
}

/** The run's attribution summary. */
export interface AttributionSummary {
  /** Questions with an attribution. */
  readonly questions: number;
  /** Mean LDS over the questions where it is defined; null when there are none. */
  readonly meanLds: number | null;
  /** Questions with a defined LDS. */
  readonly ldsQuestions: number;
  /** Questions whose answer does not depend on the context (every weight negligible). */
  readonly contextIndependent: number;
}

/** The attribution settings as reported. */
export interface AttributionSettings {
  /** Random masks per question the surrogate is fitted on (`--attribution-samples`). */
  readonly samples: number;
  /** Extra held-out masks per question, for LDS. */
  readonly heldOut: number;
}
