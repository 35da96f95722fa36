import type { Estimate } from './report.js';
/**
 * Which side of the stack a question's outcome is on; docs/metrics.md gives the order in which
 * they are decided.
 */
export const SEAM_CATEGORIES = [
  'ok',
  'memory-covered',
  'misled-by-passage',
  'generator-ignored',
  'retriever-miss',
  'fails-with-gold',
  'evidence-missing',
  'unscored',
] as const;

export type SeamCategory = (typeof SEAM_CATEGORIES)[number];

/** Wrong answers the retriever is to blame for: it missed the evidence or fetched a misleading passage. */
export const RETRIEVER_SIDE: readonly SeamCategory[] = ['retriever-miss', 'misled-by-passage'];

/** Wrong answers the generator is to blame for: it had the evidence, or was given it, and still erred. */
export const GENERATOR_SIDE: readonly SeamCategory[] = ['generator-ignored', 'fails-with-gold'];

/** A question's seam category; `rank` names the misleading passage (misled-by-passage only). */
export interface SeamVerdict {
  readonly category: SeamCategory;
  readonly rank?: number;
  /**
   * misled-by-passage, when leave-one-out ran at that rank: whether leaving the passage out
   * changed the answer (the generator followed it), or the answer only happens to occur there.
   */
  readonly followed?: boolean;
}

/** Counts and shares (over all questions) of each seam category, with bootstrap 95% intervals. */
export interface SeamSummary {
  readonly counts: Readonly<Record<SeamCategory, number>>;
  readonly shares: Readonly<Record<SeamCategory, Estimate>>;
  /** Questions answered wrongly (every category but ok, memory-covered and unscored). */
  readonly wrong: number;
  /** Share of questions whose wrong answer is retriever-side (retriever-miss, misled-by-passage). */
  readonly retrieverSide: Estimate;
  /** Share of questions whose wrong answer is generator-side (generator-ignored, fails-with-gold). */
  readonly generatorSide: Estimate;
  /** misled-by-passage questions whose answer changed when the misleading passage was left out. */
  readonly misledFollowed: number;
  /** Where each question's gold evidence came from. */
  readonly goldEvidence: { readonly given: number; readonly inferred: number; readonly none: number };
}

/** How well the retriever's ranking matches one kind of passage label. */
export interface RankingAgreement {
  readonly ndcg: Estimate;
  readonly kendallTau: Estimate;
  readonly usefulBelowUseless: Estimate;
}

/** Retriever/generator alignment; docs/metrics.md defines each field. */
export interface AlignmentSummary extends RankingAgreement {
  /** utilityAtRank[r-1]: share of questions with gold answers whose rank-r passage is useful alone. */
  readonly utilityAtRank: readonly Estimate[];
  /** The same ranking measures with leave-one-out influence as the label. */
  readonly influence: RankingAgreement;
}
