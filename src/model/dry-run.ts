import type { ProbeName } from './types.js';
/** Characters per prompt token assumed by the estimate (a common rule of thumb for English). */
export const CHARS_PER_TOKEN = 4;

/** A count known exactly (min = max) or only within bounds. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** What `probe --dry-run` reports: the generator calls a run would make, without making them. */
export interface DryRunEstimate {
  readonly questions: number;
  /** Generator calls the suite needs: one baseline per question plus every applicable probe. */
  readonly calls: Bounds;
  /** Calls per probe, the baselines, and the sentence-attribution masks (`--attribute`). */
  readonly byProbe: Readonly<Partial<Record<ProbeName | 'baseline' | 'attribution', Bounds>>>;
  /**
   * Prompt tokens over those calls, estimated as characters / CHARS_PER_TOKEN of the question,
   * the passage titles and texts, and the prompt template's own text.
   */
  readonly promptTokens: Bounds;
  /** Tokens the prompt template adds to every call (0 for exec and function generators). */
  readonly templateTokens: number;
  /** False when passage counts were assumed (top-k each) rather than retrieved. */
  readonly retrieved: boolean;
  /**
   * Scoring calls for the effect sizes (`--effect-sizes` with a generator that scores by calls):
   * one per answered generator call, so at most `calls`. Absent when the run makes none.
   */
  readonly scoringCalls?: Bounds;
  /**
   * Questions of the run already in a result journal of the same settings and dataset (written by
   * an earlier run): a run with an unchanged generator reads them back and makes none of their
   * calls. Absent when there is none (or with `--no-cache`, `--no-resume`).
   */
  readonly journaled?: number;
  /** Why counts are bounds rather than exact, one line each. */
  readonly notes: readonly string[];
}
