import { createGenerator } from '../generators/registry.js';
import type { Generator, GeneratorOptions } from '../generators/types.js';
import type { MatchMode } from '../metrics/match.js';
import { lexicalMatcher, type Matcher } from '../metrics/matcher.js';
import type { Probe } from '../probes/types.js';
import { createRetriever } from '../retrievers/registry.js';
import { isRemoteRetriever, type Retriever, type RetrieverOptions } from '../retrievers/types.js';
import { type AnswerCache, memoryCache, openAnswerCache } from './cache.js';
import { loadDataset } from './dataset.js';
import type { InputFormat } from './readers/formats.js';
import { type Shard, shardIds } from './shard.js';
import { applySequentialGates, type EarlyStopOptions, earlyStopSuite, type ProbeSuite } from './early-stop.js';
import { evaluateGates, type Gate, type GateBasis } from './gates.js';
import { resilientRetriever } from './remote-retrieval.js';
import { memoryRetrievalCache, openRetrievalCache, type RetrievalCache } from './retrieval-cache.js';
import { buildReport, type Report } from './report.js';
import { type RunEnvironment, runProbeSuite } from './runner.js';
import type { Item } from './types.js';

/** Everything an audit needs; the CLI's `probe` command and the programmatic API build this. */
export interface AuditOptions {
  readonly dataset: string;
  readonly generator: string;
  readonly retriever: string;
  readonly topK: number;
  readonly probes: readonly Probe[];
  readonly seed: number;
  readonly match: MatchMode;
  readonly resamples: number;
  readonly concurrency: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
  /** At most this many provider requests per minute (`--rate-limit`); undefined: no limit. */
  readonly rateLimitPerMinute?: number | undefined;
  /** Stop early (exit 3) after this many failed attempts in a row; undefined: never. */
  readonly maxConsecutiveFailures?: number | undefined;
  /** Answer cache directory; undefined keeps answers in memory for this run only. */
  readonly cacheDir: string | undefined;
  readonly gates: readonly Gate[];
  /** What gates compare with their thresholds (`--gate-on`); default the point value. */
  readonly gateOn?: GateBasis;
  /** Stop once every gate is decided (`--early-stop`); needs at least one gate. */
  readonly earlyStop?: EarlyStopOptions;
  readonly version: string;
  readonly signal: AbortSignal;
  readonly generatorOptions?: Partial<GeneratorOptions>;
  /** Settings of network retrievers (headers, body template, passage mapping). */
  readonly retrieverOptions?: Pick<RetrieverOptions, 'env' | 'http'>;
  readonly corpus?: string;
  readonly offline?: boolean;
  readonly onProgress?: RunEnvironment['onProgress'];
  /** Row format of the dataset file (default auto-detected). */
  readonly inputFormat?: InputFormat;
  /** Probe only this slice of the questions (`--shard`); every question still feeds the pool. */
  readonly shard?: Shard | undefined;
  /** Items already loaded (the demo); otherwise `dataset` is read. */
  readonly items?: readonly Item[];
}

/** Builds the matcher a `--match` value names. */
export function createMatcher(mode: MatchMode): Matcher {
  return lexicalMatcher(mode);
}

/**
 * Loads the dataset, builds the providers, runs the probe suite and returns the report.
 * Providers and the cache are closed whatever happens.
 */
export async function runAudit(options: AuditOptions): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  const items = options.items ?? (await loadDataset(options.dataset, options.inputFormat));
  const matcher = createMatcher(options.match);
  let generator: Generator | undefined;
  let retriever: Retriever | undefined;
  let cache: AnswerCache | undefined;
  let retrievals: RetrievalCache | undefined;
  try {
    retriever = await createRetriever(options.retriever, {
      ...options.retrieverOptions,
      timeoutMs: options.timeoutMs,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      ...(options.corpus === undefined ? {} : { corpus: options.corpus }),
      ...(options.offline === undefined ? {} : { offline: options.offline }),
    });
    if (isRemoteRetriever(retriever)) {
      retrievals = options.cacheDir === undefined ? memoryRetrievalCache() : openRetrievalCache(options.cacheDir, retriever);
      retriever = resilientRetriever(retriever, {
        cache: retrievals,
        policy: { retries: options.retries, backoffMs: options.backoffMs, maxBackoffMs: 60_000, random: Math.random },
        signal: options.signal,
        rateLimitPerMinute: options.rateLimitPerMinute,
        maxConsecutiveFailures: options.maxConsecutiveFailures,
      });
    }
    generator = await createGenerator(options.generator, { timeoutMs: options.timeoutMs, ...options.generatorOptions });
    cache = options.cacheDir === undefined ? memoryCache() : openAnswerCache(options.cacheDir, generator);
    const suite: ProbeSuite =
      options.earlyStop === undefined
        ? runProbeSuite
        : earlyStopSuite({ ...options.earlyStop, gates: options.gates, basis: options.gateOn ?? 'point' });
    const result = await suite(
      items,
      { topK: options.topK, probes: options.probes, seed: options.seed, resamples: options.resamples },
      {
        generator,
        retriever,
        matcher,
        cache,
        concurrency: options.concurrency,
        retries: options.retries,
        backoffMs: options.backoffMs,
        rateLimitPerMinute: options.rateLimitPerMinute,
        maxConsecutiveFailures: options.maxConsecutiveFailures,
        signal: options.signal,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      },
      options.shard === undefined ? undefined : shardIds(items, options.shard),
    );
    return buildReport({
      version: options.version,
      settings: {
        dataset: options.dataset,
        generator: generator.id,
        retriever: retriever.id,
        topK: options.topK,
        probes: options.probes.map((probe) => probe.name),
        seed: options.seed,
        match: matcher.id,
        resamples: options.resamples,
        ...(options.shard === undefined ? {} : { shard: options.shard }),
      },
      result,
      gates: applySequentialGates(
        evaluateGates(result.summary, options.gates, {
          basis: options.gateOn ?? 'point',
          questions: result.questions,
          seed: options.seed,
          resamples: options.resamples,
        }),
        result.earlyStop,
      ),
      earlyStop: result.earlyStop,
      startedAt,
      durationMs: performance.now() - started,
    });
  } finally {
    cache?.close();
    retrievals?.close();
    await Promise.allSettled([generator?.close?.(), retriever?.close?.(), matcher.close?.()]);
  }
}
