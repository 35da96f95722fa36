import type { AnswerMatcher } from '../metrics/match.js';
import type { Rng } from '../metrics/random.js';
import type { Passage, ProbeFamily, ProbeName } from '../model/types.js';
import type { AnswerType } from './answer-type.js';
import type { PhraseSearch } from './candidates.js';
import type { SubstitutePool } from './substitute.js';

export { PROBE_NAMES } from '../model/types.js';
export type { ProbeFamily, ProbeName };

/** Another question of the dataset, as a source of swap passages, distractors and substitutes. */
export interface PoolItem {
  readonly id: string;
  /** Its question, when known: types its answer for typed substitutes. */
  readonly question?: string;
  /** Its answers: gold answers, or when it has none its logged or baseline answer. */
  readonly answers: readonly string[];
  readonly passages: readonly Passage[];
  /** A substitute the user chose (`inspect --substitute`): planted whatever its type. */
  readonly chosenSubstitute?: boolean;
}

/** The pool by position, read like an array (`length`, `at`): an array, or questions kept on disk. */
export interface PoolList {
  readonly length: number;
  at(index: number): PoolItem | undefined;
}

/** What a probe sees of one question. Everything is read-only; the probe returns new lists. */
export interface ProbeContext {
  readonly itemId: string;
  /** The question asked; types the corrupt target. */
  readonly question?: string;
  /** The question's own answers, as in {@link PoolItem.answers}. */
  readonly answers: readonly string[];
  /** The top-k passages the baseline answer was generated from. */
  readonly passages: readonly Passage[];
  /** Gold evidence: the item's gold passages, or passages of the retriever's corpus inferred as gold; empty when none is known. */
  readonly gold: readonly Passage[];
  /** The baseline answer a0. */
  readonly baseline: string;
  /** The corrupt target t (see docs/metrics.md), when one was found. */
  readonly target: string | undefined;
  /** Every question of the dataset, this one included, in dataset order. */
  readonly pool: PoolList;
  readonly matcher: AnswerMatcher;
  /** Whole-token, case-insensitive phrase search over passages, shared by the run. */
  readonly contains: PhraseSearch;
  /** Seeded for this question and probe. */
  readonly rng: Rng;
  /** The pool's answers by type, built once per run; built from `pool` when absent. */
  readonly substitutes?: SubstitutePool;
}

/** One generator call a probe asks for, or the reason it does not apply. */
export type ProbeVariant =
  | {
      readonly probe: ProbeName;
      readonly applicable: true;
      readonly passages: readonly Passage[];
      /** 1-based rank of the passage left out (leave-one-out) or sent alone (solo). */
      readonly rank?: number;
      readonly target?: string;
      readonly substitute?: string;
      /** Corrupt: the target's answer type. */
      readonly answerType?: AnswerType;
      /** Swap: the question whose passages were used; distractor: the passage appended. */
      readonly source?: string;
    }
  | { readonly probe: ProbeName; readonly applicable: false; readonly reason: string };

/** A probe: pure, deterministic given its context's RNG. */
export interface Probe {
  readonly name: ProbeName;
  readonly family: ProbeFamily;
  plan(context: ProbeContext): ProbeVariant[];
}
