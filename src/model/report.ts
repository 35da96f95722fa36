import type { AttributionSettings, AttributionSummary, QuestionAttribution } from './attribution.js';
import type { EarlyStopSummary, GateResult } from './gates.js';
import type { AlignmentSummary, SeamSummary, SeamVerdict } from './seam.js';
import type { Diagnosis, Passage, ProbeName, ProbeResult } from './types.js';
/** A point value and its 95% interval; both null when nothing was measured. */
export interface Estimate {
  readonly value: number | null;
  readonly ci95: readonly [number, number] | null;
  /** How many units (questions) the estimate is over. */
  readonly n: number;
}

/** Adopted corrupt probes of a kind, out of `answered`, and their ratio. */
export interface AdoptionCount {
  readonly adopted: number;
  readonly answered: number;
  readonly value: number;
}

/** Counts for one probe across the run. */
export interface ProbeTally {
  /** Probe calls that could be built (leave-one-out: one per passage). */
  readonly applicable: number;
  readonly notApplicable: number;
  /** Applicable calls that failed after their retries. */
  readonly errors: number;
  readonly changed: number;
  readonly adopted?: number;
  readonly kept?: number;
  readonly other?: number;
}

/** Adoption of corrupt probes among questions whose baseline P(a0) is in [from, to). */
export interface ConfidenceBin {
  readonly from: number;
  /** Exclusive, except the last bin's 1, which is included. */
  readonly to: number;
  /** Questions in the bin with an answered corrupt probe. */
  readonly questions: number;
  readonly adopted: number;
  /** Answered corrupt probes. */
  readonly answered: number;
  /** adopted / answered with a 95% bootstrap interval over the bin's questions. */
  readonly adoption: Estimate;
}

/** Continuous counterparts of the binary scores, from log P(a0) under each probe; docs/metrics.md. */
export interface EffectSizes {
  /** How a0 was scored: teacher forcing, or the log-probabilities of the generator's own answers. */
  readonly scoring: 'teacher-forced' | 'generated';
  /** Mean probability drop of a0 under evidence-altering probes (remove, swap, corrupt). */
  readonly reliance: Estimate;
  /** Mean probability drop of a0 under evidence-preserving probes. */
  readonly instability: Estimate;
  /** Mean baseline P(a0) over the questions scored. */
  readonly baselineProbability: number | null;
  /** Corrupt adoption by the baseline's P(a0), in five bins of width 0.2 (ClashEval). */
  readonly adoptionByConfidence: readonly ConfidenceBin[];
}

export interface Summary {
  readonly questions: number;
  readonly reliance: Estimate;
  readonly adoption: Estimate;
  readonly instability: Estimate;
  /** influenceByRank[r-1]: share of questions with a passage at rank r whose answer changed without it. */
  readonly influenceByRank: readonly (number | null)[];
  readonly topPassageUse: number | null;
  /** Share of (question, passage) pairs whose removal did not change the answer. */
  readonly deadPassageRate: number | null;
  readonly diagnoses: Readonly<Record<Diagnosis, number>>;
  /** Share of questions with an answered baseline whose baseline is an abstention; null without any. */
  readonly abstentionRate: number | null;
  /** Abstained questions that gave a real answer under swap or distractor (unrelated context). */
  readonly offContextAnswers: number;
  /**
   * Share of answered, non-abstaining baselines longer than 12 words (`LONG_FORM_WORDS`); null
   * without any. Past one half, lexical matching is a poor fit (see `--match semantic:`).
   */
  readonly longFormShare: number | null;
  /**
   * Adoption per corrupt target answer type (person, year, ...): adopted over answered corrupt
   * probes of that type, over questions that are not abstained. Types with no probe are absent.
   */
  readonly adoptionByType: Readonly<Record<string, AdoptionCount>>;
  readonly probes: Readonly<Partial<Record<ProbeName, ProbeTally>>>;
  /** Which side failed, per seam category; docs/metrics.md. */
  readonly seam: SeamSummary;
  /** Whether the retriever ranks highest the passages the generator can use; docs/metrics.md. */
  readonly alignment: AlignmentSummary;
  /** Sentence attribution over the run (`--attribute`); docs/metrics.md. */
  readonly attribution?: AttributionSummary;
  /** Present when the run scored a0 under every probe (`--effect-sizes`). */
  readonly effectSizes?: EffectSizes;
}

/** One question's results. */
export interface QuestionResult {
  readonly id: string;
  readonly question: string;
  readonly answers: readonly string[];
  readonly passages: readonly Passage[];
  readonly baseline: string | null;
  /** Token log-probabilities of the baseline answer, when the generator returned them. */
  readonly baselineLogprobs?: readonly number[];
  /** The stack's logged response, when the dataset carried one. */
  readonly loggedResponse?: string;
  /** Whether the baseline matches the logged response (replay agreement); absent without both. */
  readonly replayMatch?: boolean;
  /** Set when the baseline call failed; the question is then unscored. */
  readonly error?: string;
  readonly target: string | null;
  readonly reliance: number | null;
  readonly instability: number | null;
  /** log P(a0 | question, retrieved passages); present when the run measured effect sizes. */
  readonly a0Logprob?: number;
  /** Continuous reliance and instability (mean clipped probability drops); with effect sizes. */
  readonly effects?: { readonly reliance: number | null; readonly instability: number | null };
  readonly diagnosis: Diagnosis;
  /** Which side failed (docs/metrics.md); absent in reports written before it existed. */
  readonly seam?: SeamVerdict;
  /** The gold evidence the `gold` probe used, and whether it was inferred from the corpus. */
  readonly gold?: { readonly passages: readonly Passage[]; readonly inferred: boolean };
  readonly probes: readonly ProbeResult[];
  /** Which sentences the baseline answer depends on (`--attribute`); absent without it. */
  readonly attribution?: QuestionAttribution;
  readonly meta?: Readonly<Record<string, unknown>>;
  /** 1-based line of the dataset the question came from; orders merged shard reports. */
  readonly line: number;
}

/**
 * Bumped whenever a field changes meaning or is removed; docs/report-schema.md describes it.
 * 2: the corrupt target is the generator's own form of the answer, every form of it is replaced,
 * `adopted` needs a substitute that is not also the baseline, and abstentions are `abstained`;
 * `answerType`, `adoptionByType`, `abstentionRate`, `offContextAnswers` and `longFormShare` added.
 */
export const SCHEMA_VERSION = 2;
/** The versions `readReport` accepts: a version-1 report still serves as a baseline for compare and merge. */
export const READABLE_SCHEMA_VERSIONS = [1, 2] as const;
export type SchemaVersion = (typeof READABLE_SCHEMA_VERSIONS)[number];

/** The run's settings as reported: everything that decides the numbers, never a secret. */
export interface ReportSettings {
  readonly dataset: string;
  readonly generator: string;
  readonly retriever: string;
  readonly topK: number;
  readonly probes: readonly string[];
  readonly seed: number;
  readonly match: string;
  readonly resamples: number;
  /** Present on a shard's report (`--shard index/count`); `ragseam merge` combines the shards. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Present when sentence attribution ran (`--attribute`). */
  readonly attribution?: AttributionSettings;
}

/** The JSON report. `run` holds timings and cache counts, the only parts that vary between runs. */
export interface Report {
  /** {@link SCHEMA_VERSION} when written; a report read back may be an older readable version. */
  readonly schemaVersion: SchemaVersion;
  readonly tool: { readonly name: 'ragseam'; readonly version: string };
  readonly settings: ReportSettings;
  readonly summary: Summary & {
    /** Share of questions whose baseline matches the stack's logged response; null without logged responses. */
    readonly replayAgreement: Estimate | null;
    readonly calls: number;
    readonly errors: number;
  };
  readonly gates: readonly GateResult[];
  /** What `--early-stop` did, when it was on. */
  readonly earlyStop?: EarlyStopSummary;
  readonly questions: readonly QuestionResult[];
  readonly run: {
    readonly startedAt: string;
    readonly durationMs: number;
    readonly liveCalls: number;
    readonly cacheHits: number;
    readonly retried: number;
    /** Scoring calls for the effect sizes (teacher-forced), counted apart from the answers. */
    readonly scoring?: { readonly liveCalls: number; readonly cacheHits: number; readonly retried: number };
    /**
     * Questions read back from the result journal of an earlier run with the same settings,
     * dataset and providers (their calls are in neither count above); absent when none.
     */
    readonly resumed?: number;
  };
}

/** One slice of a dataset: `index` of `count`, 1-based (`--shard 2/4`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}
