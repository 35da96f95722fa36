/** Seam shares a gate or comparison can name: `seam.<category>`, and the two sides. */
export const SEAM_METRICS = [
  'seam.ok',
  'seam.memory-covered',
  'seam.misled-by-passage',
  'seam.generator-ignored',
  'seam.retriever-miss',
  'seam.fails-with-gold',
  'seam.evidence-missing',
  'seam.retriever-side',
  'seam.generator-side',
] as const;

/** The summary metrics that are one number each; gates, compare and early stopping work on these. */
export const SCALAR_METRICS = [
  'reliance',
  'adoption',
  'instability',
  'topPassageUse',
  'deadPassageRate',
  ...SEAM_METRICS,
  'alignment.ndcg',
  'alignment.usefulBelowUseless',
] as const;

export type ScalarMetric = (typeof SCALAR_METRICS)[number];

/** Whether the metric is better high (`reliance`) or low (`instability`, `deadPassageRate`). */
export const METRIC_DIRECTION: Readonly<Record<ScalarMetric, 'higher' | 'lower'>> = {
  reliance: 'higher',
  adoption: 'higher',
  instability: 'lower',
  topPassageUse: 'higher',
  deadPassageRate: 'lower',
  'seam.ok': 'higher',
  'seam.memory-covered': 'lower',
  'seam.misled-by-passage': 'lower',
  'seam.generator-ignored': 'lower',
  'seam.retriever-miss': 'lower',
  'seam.fails-with-gold': 'lower',
  'seam.evidence-missing': 'lower',
  'seam.retriever-side': 'lower',
  'seam.generator-side': 'lower',
  'alignment.ndcg': 'higher',
  'alignment.usefulBelowUseless': 'lower',
};

/** Summary metrics a gate can check: every scalar summary metric. */
export const GATE_METRICS = SCALAR_METRICS;

export type GateMetric = ScalarMetric;

/**
 * What a gate compares with its threshold: the point value, or the conservative end of the 95%
 * interval (the lower end for a `min` gate, the upper end for a `max` gate).
 */
export const GATE_BASES = ['point', 'lower-bound'] as const;

export type GateBasis = (typeof GATE_BASES)[number];

/** One threshold: `min` fails when the value is below it, `max` when above. */
export interface Gate {
  readonly metric: GateMetric;
  readonly kind: 'min' | 'max';
  /** A share in [0, 1]. */
  readonly threshold: number;
}

/** A gate's verdict, with everything a reader needs to see why. */
export interface GateResult extends Gate {
  /** The metric's point value; null when it had no value (the gate then fails). */
  readonly value: number | null;
  /** Its 95% interval. */
  readonly ci95: readonly [number, number] | null;
  /** Questions the value is over. */
  readonly n: number;
  /** What was asked to be compared with the threshold (`--gate-on`). */
  readonly basis: GateBasis;
  /** The number compared: the point value, or the interval end `basis` names. */
  readonly checked: number | null;
  readonly passed: boolean;
  /** How far `checked` is past the threshold, when failed. */
  readonly by: number | null;
  /** Distance of `checked` from the threshold, positive on the passing side; null with no value. */
  readonly margin: number | null;
  /** With `--early-stop`: the gate's confidence sequence when the run stopped. */
  readonly sequence?: {
    readonly decision: 'pass' | 'fail' | 'undecided';
    /**
     * True when the run stopped early on this decision: `passed` is then the decision and
     * `checked` the interval's end on the decided side.
     */
    readonly decisive: boolean;
    readonly interval: readonly [number, number];
    /** Confidence level of the interval (1 - alpha / gates). */
    readonly level: number;
    /** Questions probed when it stopped. */
    readonly questions: number;
  };
}

/** `--early-stop` settings. */
export interface EarlyStopOptions {
  /** Chance that the early decision differs from the one it stands in for; see docs/gates.md. */
  readonly alpha: number;
  /** Questions added per look; undefined: max(2 x concurrency, 5% of the dataset). */
  readonly batchSize?: number;
}

/** One gate at one look. */
export interface SequentialGateCheck extends Gate {
  readonly decision: 'pass' | 'fail' | 'undecided';
  /** The gate's confidence sequence at this look, at level 1 - alpha / gates. */
  readonly interval: readonly [number, number];
}

/** What `--early-stop` did; goes into the report as `earlyStop`. */
export interface EarlyStopSummary {
  readonly rule: 'betting confidence sequence';
  /** `full-run value` under --gate-on point (sampling without replacement), else `population value`. */
  readonly target: 'full-run value' | 'population value';
  readonly alpha: number;
  /** Level of each gate's interval: 1 - alpha / gates. */
  readonly level: number;
  readonly seed: number;
  readonly batchSize: number;
  /** True when it stopped before probing every question. */
  readonly stoppedEarly: boolean;
  /** The sequential decision, or null when it ran to the end without one (the usual gates decide). */
  readonly decision: 'pass' | 'fail' | null;
  readonly questionsProbed: number;
  readonly questionsTotal: number;
  readonly looks: readonly { readonly questions: number; readonly gates: readonly SequentialGateCheck[] }[];
  /** Generator calls the questions left unprobed would have needed (baselines included). */
  readonly callsSaved: { readonly min: number; readonly max: number };
}
