import type { ScalarMetric } from './gates.js';
import type { Diagnosis, ProbeName } from './types.js';
/** The change of a ratio metric between two runs over the same questions. */
export interface PairedDelta {
  /** after - before over the questions given; null when either run has no value. */
  readonly delta: number | null;
  readonly before: number | null;
  readonly after: number | null;
  /** Percentile interval of the change at `level`. */
  readonly interval: readonly [number, number] | null;
  /** Two-sided bootstrap p-value of "no change" (1 when the runs agree on every question). */
  readonly pValue: number | null;
  /** Questions with a say in either run. */
  readonly n: number;
}

/** How a comparison is made; all of it goes into the comparison's output. */
export interface CompareOptions {
  /** Significance level of a regression (two-sided); intervals are at 1 - alpha. */
  readonly alpha: number;
  /** A worsening must also be larger than this (in the metric's own units) to count. */
  readonly minDrop: number;
  /** Metrics `--fail-on-regression` looks at; Holm-adjusted together. */
  readonly metrics: readonly ScalarMetric[];
  readonly resamples: number;
  readonly seed: number;
}

/** One summary metric, before and after, over the questions both runs share. */
export interface MetricComparison extends PairedDelta {
  readonly metric: ScalarMetric;
  /** Which way is better. */
  readonly direction: 'higher' | 'lower';
  /** Whether this metric is one `--fail-on-regression` looks at. */
  readonly checked: boolean;
  /** Holm-adjusted p-value among the checked metrics; null for unchecked ones. */
  readonly adjustedP: number | null;
  /** Checked, worse by more than minDrop, and significant (adjusted p <= alpha). */
  readonly regression: boolean;
  /** Better and significant. */
  readonly improvement: boolean;
}

/** One probe's outcomes paired question by question (and rank by rank for leave-one-out). */
export interface ProbeComparison {
  readonly probe: ProbeName;
  /** Probe calls answered in both runs. */
  readonly pairs: number;
  readonly changedBefore: number;
  readonly changedAfter: number;
  /** Pairs whose answer changed under the probe before but not after. */
  readonly stoppedChanging: number;
  /** Pairs whose answer did not change before but does after. */
  readonly startedChanging: number;
  /** Exact McNemar two-sided p-value. */
  readonly pValue: number;
}

/** A shared question whose diagnosis differs between the runs. */
export interface QuestionChange {
  readonly id: string;
  readonly question: string;
  readonly before: Diagnosis;
  readonly after: Diagnosis;
  readonly relianceBefore: number | null;
  readonly relianceAfter: number | null;
}

/** The result of `ragseam compare`. */
export interface Comparison {
  readonly options: CompareOptions;
  readonly baseline: { readonly file: string; readonly generator: string; readonly questions: number };
  readonly current: { readonly file: string; readonly generator: string; readonly questions: number };
  /** Settings that differ between the runs, e.g. the generator. */
  readonly settingsChanged: readonly {
    readonly setting: string;
    readonly before: string;
    readonly after: string;
  }[];
  readonly shared: number;
  readonly onlyInBaseline: readonly string[];
  readonly onlyInCurrent: readonly string[];
  readonly metrics: readonly MetricComparison[];
  readonly probes: readonly ProbeComparison[];
  readonly diagnosisChanges: readonly QuestionChange[];
  /** True when any checked metric regressed. */
  readonly regression: boolean;
}
