import type { Estimate } from '../metrics/bootstrap.js';
import type { Summary } from '../metrics/scores.js';
import type { GateResult } from '../verdicts/gates.js';
import type { EarlyStopSummary } from './early-stop.js';
import type { QuestionResult, RunResult } from './runner.js';

/** Bumped whenever a field changes meaning or is removed; docs/report-schema.md describes it. */
export const SCHEMA_VERSION = 1;

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
}

/** The JSON report. `run` holds timings and cache counts, the only parts that vary between runs. */
export interface Report {
  readonly schemaVersion: typeof SCHEMA_VERSION;
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
  };
}

export function buildReport(options: {
  version: string;
  settings: ReportSettings;
  result: RunResult;
  gates: readonly GateResult[];
  earlyStop?: EarlyStopSummary | undefined;
  startedAt: Date;
  durationMs: number;
}): Report {
  const { result } = options;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'ragseam', version: options.version },
    settings: options.settings,
    summary: {
      ...result.summary,
      replayAgreement: result.replayAgreement,
      calls: result.calls,
      errors: result.errors,
    },
    gates: options.gates,
    ...(options.earlyStop === undefined ? {} : { earlyStop: options.earlyStop }),
    questions: result.questions,
    run: {
      startedAt: options.startedAt.toISOString(),
      durationMs: Math.round(options.durationMs),
      liveCalls: result.counts.liveCalls,
      cacheHits: result.counts.cacheHits,
      retried: result.counts.retried,
    },
  };
}
