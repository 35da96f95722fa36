/** One retrieved passage. Rank is its 1-based position in the list it belongs to. */
export interface Passage {
  readonly id: string;
  readonly title?: string;
  readonly text: string;
  /** Retriever score, when the retriever gave one; higher is better. */
  readonly score?: number;
}

/** One question of a dataset, as loaded and validated. */
export interface Item {
  readonly id: string;
  readonly question: string;
  /** Gold answers; may be empty. */
  readonly answers: readonly string[];
  /** Passages in retrieval order (rank 1 first), when the dataset carries them. */
  readonly passages?: readonly Passage[];
  /** Gold evidence: passages known to answer the question (`gold_passages`), when the dataset carries them. */
  readonly goldPassages?: readonly Passage[];
  /** True when `goldPassages` were inferred from the retriever's corpus rather than given. */
  readonly goldInferred?: boolean;
  /** The stack's logged response, when the dataset carries one. */
  readonly loggedResponse?: string;
  /** Free-form metadata kept from the input line. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** 1-based line of the dataset file the item came from. */
  readonly line: number;
}

/**
 * Questions by position, read like an array (`length`, `at`): an array, or a dataset kept in a
 * temporary file so that only the questions in use are in memory.
 */
export interface ItemList {
  readonly length: number;
  at(index: number): Item | undefined;
  /** The id of the question at `index`, read without the rest of it, where the list can. */
  idAt?(index: number): string | undefined;
  /**
   * sha256 of the questions in order, as the result journal keys a dataset (`datasetDigest` in
   * src/engine/journal.ts), where the list computed it as it was loaded.
   */
  readonly digest?: string | undefined;
}

/** The probe names, in the order they are run and reported. */
export const PROBE_NAMES = [
  'remove',
  'swap',
  'corrupt',
  'leave-one-out',
  'shuffle',
  'distractor',
  'solo',
  'gold',
] as const;
export type ProbeName = (typeof PROBE_NAMES)[number];
export type ProbeFamily = 'altering' | 'preserving' | 'attribution';

/** Corrupt probe outcome: the answer matched the substitute, the baseline, or neither. */
export type CorruptOutcome = 'adopted' | 'kept' | 'other';

/** What happened on one probe call of one question. */
export interface ProbeResult {
  readonly probe: ProbeName;
  readonly family: ProbeFamily;
  /** 1-based rank left out (leave-one-out) or sent alone (solo). */
  readonly rank?: number;
  /** False when the probe could not be built for this question; then `reason` says why. */
  readonly applicable: boolean;
  readonly reason?: string;
  readonly answer?: string;
  /** Whether the answer does not match the baseline (corrupt: whether the outcome is not `kept`). */
  readonly changed?: boolean;
  readonly outcome?: CorruptOutcome;
  /** Solo and gold: whether the answer matches a gold answer; absent when the question has none. */
  readonly correct?: boolean;
  readonly target?: string;
  readonly substitute?: string;
  /** Corrupt: the target's answer type (person, place, organisation, date, year, number, yes/no, other). */
  readonly answerType?: string;
  /** Swap: the question whose passages were used; distractor: the passage appended. */
  readonly source?: string;
  /** Set when the generator call failed after its retries; the probe is then left out of every score. */
  readonly error?: string;
  /** Token log-probabilities of the answer, when the generator returned them. */
  readonly logprobs?: readonly number[];
  /**
   * Effect sizes: log P(a0 | question, this probe's passages), a0 being the baseline answer;
   * absent when it was not measured (see the report's `summary.effectSizes.scoring`).
   */
  readonly a0Logprob?: number;
  /** The question's `a0Logprob` minus this probe's: how far log P(a0) fell (negative: it rose). */
  readonly logprobDrop?: number;
  /**
   * P(a0 | baseline passages) − P(a0 | this probe's passages), in [-1, 1]; the continuous metrics
   * average it (docs/metrics.md).
   */
  readonly probabilityDrop?: number;
}

/** Per-question diagnosis; see docs/metrics.md. */
export type Diagnosis = 'grounded' | 'parametric' | 'brittle' | 'partial' | 'abstained' | 'unscored';
export const DIAGNOSES: readonly Diagnosis[] = [
  'grounded',
  'partial',
  'parametric',
  'brittle',
  'abstained',
  'unscored',
];
