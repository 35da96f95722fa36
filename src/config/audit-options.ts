import type { InputFormat } from '../dataset/readers/formats.js';
import type { GenerateFunction } from '../generators/function.js';
import type { GeneratorOptions } from '../generators/types.js';
import type { EarlyStopOptions, Gate, GateBasis } from '../model/gates.js';
import type { Shard } from '../model/report.js';
import type { ProbeName } from '../model/types.js';
import type { RetrieverOptions } from '../retrievers/types.js';

/**
 * Progress of a run: the phase, and calls (or retrievals) done out of the phase's total; in the
 * last phase, `intervals`, the bootstrap resamples of a large run's intervals.
 */
export type ProgressListener = (progress: {
  phase: 'embed' | 'retrieve' | 'baseline' | 'probes' | 'intervals';
  done: number;
  total: number;
  /** Calls of this phase that failed so far (after retries). */
  errors?: number;
}) => void;

/**
 * What a caller may set, flat: the programmatic API takes it as `audit(input)`, and the CLI builds
 * one layer of it from its flags, one from the environment and one from the config file. Every
 * field but `dataset` is optional; {@link AUDIT_DEFAULTS} fills the rest.
 */
export interface AuditInput {
  /** A dataset file (JSON Lines, JSON array, .gz; ragseam, RAGAS or RAGChecker rows) or rows in memory. */
  readonly dataset?: string | readonly unknown[];
  /** A generator spec (`exec:…`, `openai:…`, `http:…`, `transformers:…`) or a function. */
  readonly generator?: string | GenerateFunction;
  readonly retriever?: string;
  readonly corpus?: string;
  readonly topK?: number;
  /** Probe names, as a list or comma-separated. */
  readonly probes?: string | readonly string[];
  readonly seed?: number;
  /** `contains`, `exact` or `semantic:<model>`. */
  readonly match?: string;
  readonly semanticThreshold?: number;
  readonly resamples?: number;
  /** Sentence attribution of every baseline answer (`--attribute`). */
  readonly attribute?: boolean;
  /** Random masks per question the attribution surrogate is fitted on; needs `attribute`. */
  readonly attributionSamples?: number;
  /**
   * Score the baseline answer under every probe (effect sizes, docs/metrics.md). Default: on for
   * generators that score in-process (transformers:), off for the others.
   */
  readonly effectSizes?: boolean;
  readonly inputFormat?: InputFormat;
  /** Probe only this slice (`{index, count}` or `"i/n"`); every question still feeds the pool. */
  readonly shard?: Shard | string;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  /** Follow HTTP redirects that stay on the same origin and keep the method (307, 308). */
  readonly followRedirects?: boolean;
  readonly retries?: number;
  readonly backoffMs?: number;
  /** Requests per minute, per endpoint. */
  readonly rateLimit?: number;
  readonly maxConsecutiveFailures?: number;
  /** A prompt template file with {{passages}} and {{question}}. */
  readonly template?: string;
  /**
   * A system message for templated generators (openai sends it as a system role message; http and
   * transformers put it before the prompt); replaces the template file's `### system` section.
   */
  readonly system?: string;
  readonly baseUrl?: string;
  readonly apiKeyEnv?: string;
  readonly apiVersion?: string;
  readonly logprobs?: boolean;
  readonly maxNewTokens?: number;
  readonly batchSize?: number;
  /** Longest line an exec generator may write on stdout or stderr, in bytes. */
  readonly maxLineBytes?: number;
  /** Any text: a different salt gives the run a cache of its own (`--cache-salt`). */
  readonly cacheSalt?: string;
  readonly offline?: boolean;
  /** Where downloaded models are cached. */
  readonly modelCacheDir?: string;
  /** Answer cache directory, or false for none (answers kept in memory for this run). */
  readonly cache?: string | false;
  /**
   * Serve the questions an earlier run with the same key already scored from its result journal
   * in the cache directory (default true); false runs every question (`--no-resume`).
   */
  readonly resume?: boolean;
  readonly gates?: readonly Gate[];
  readonly gateOn?: GateBasis;
  /** Stop once every gate is decided; needs a gate. `true` takes the default alpha. */
  readonly earlyStop?: boolean | EarlyStopOptions;
  /** Share of failed calls above which the run's scores count as unreliable (exit 3 in the CLI). */
  readonly maxErrorRate?: number;
  /** Settings of the `openai` and `http` kinds beyond the flags above (config file blocks). */
  readonly openai?: GeneratorOptions['openai'];
  readonly http?: {
    readonly generator?: GeneratorOptions['http'];
    readonly retriever?: RetrieverOptions['http'];
  };
  /** Variables for API keys and `${NAME}` in headers and URLs; nothing is read from the process. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  /** Told things worth a line on stderr (e.g. that most answers came from the cache). */
  readonly onNotice?: (message: string) => void;
  /**
   * The redaction and escaping step for what the run writes to its caches (the CLI passes its
   * output guard, so a secret a server echoes back is not stored in clear); none by default.
   */
  readonly cleanOutput?: (text: string) => string;
  /** Where a provider's diagnostics go (e.g. an exec generator's stderr). */
  readonly debugLog?: (line: string) => void;
  /** The tool version written into the report. */
  readonly version?: string;
}

/** The defaults of every {@link AuditInput} setting; the CLI's `--help` shows the same values. */
export const AUDIT_DEFAULTS = {
  retriever: 'dataset',
  topK: 5,
  seed: 0,
  match: 'contains',
  semanticThreshold: 0.92,
  resamples: 1000,
  attributionSamples: 32,
  inputFormat: 'auto',
  concurrency: 4,
  timeoutMs: 60_000,
  followRedirects: false,
  retries: 2,
  backoffMs: 250,
  maxConsecutiveFailures: 20,
  logprobs: true,
  maxNewTokens: 32,
  batchSize: 16,
  maxLineBytes: 8 * 1024 * 1024,
  offline: false,
  gateOn: 'point',
  maxErrorRate: 0.1,
  earlyStopAlpha: 0.05,
} as const;

/** An audit's options once resolved, grouped by what they decide. */
export interface AuditOptions {
  /** What is probed. */
  readonly source: {
    /** The file name reported (`"(in memory)"` for rows given in memory). */
    readonly dataset: string;
    readonly rows: readonly unknown[] | undefined;
    readonly inputFormat: InputFormat;
    readonly shard: Shard | undefined;
  };
  /** What decides the numbers; all of it is reported in `settings`. */
  readonly settings: {
    readonly topK: number;
    readonly probes: readonly ProbeName[];
    readonly seed: number;
    readonly match: string;
    readonly semanticThreshold: number;
    readonly resamples: number;
    /** Sentence attribution (`attribute`): masks per question; undefined when off. */
    readonly attribution: { readonly samples: number } | undefined;
    /** Effect sizes on or off; undefined: the generator's default (see {@link AuditInput}). */
    readonly effectSizes: boolean | undefined;
  };
  /** The stack under audit and how it is called; none of it changes a given answer's score. */
  readonly providers: {
    readonly generator: string | GenerateFunction;
    readonly retriever: string;
    readonly corpus: string | undefined;
    readonly generatorOptions: GeneratorOptions;
    readonly retrieverOptions: RetrieverOptions;
    readonly concurrency: number;
    readonly retries: number;
    readonly backoffMs: number;
    readonly rateLimitPerMinute: number | undefined;
    readonly maxConsecutiveFailures: number | undefined;
  };
  /** What decides pass or fail. */
  readonly verdict: {
    readonly gates: readonly Gate[];
    readonly gateOn: GateBasis;
    readonly earlyStop: EarlyStopOptions | undefined;
    readonly maxErrorRate: number;
  };
  /** Where state is kept and progress goes. */
  readonly environment: {
    /** Answer cache directory; undefined keeps answers in memory for this run only. */
    readonly cacheDir: string | undefined;
    /** Mixed into the answer cache's file and keys; empty by default. */
    readonly cacheSalt: string;
    /** Whether the result journal serves questions already scored (needs `cacheDir`). */
    readonly resume: boolean;
    readonly signal: AbortSignal;
    readonly onProgress: ProgressListener | undefined;
    readonly onNotice: ((message: string) => void) | undefined;
    readonly cleanOutput: ((text: string) => string) | undefined;
    readonly version: string;
  };
}
