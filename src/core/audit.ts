import { loadEmbedder } from '../backends/transformers.js';
import { createGenerator } from '../generators/registry.js';
import type { Generator, GeneratorOptions } from '../generators/types.js';
import { lexicalMatcher, type Matcher } from '../metrics/matcher.js';
import { semanticMatcher } from '../metrics/semantic.js';
import type { Probe } from '../probes/types.js';
import { createRetriever } from '../retrievers/registry.js';
import { isRemoteRetriever, type Retriever, type RetrieverOptions } from '../retrievers/types.js';
import { type AnswerCache, memoryCache, openAnswerCache } from './cache.js';
import { loadDataset } from './dataset.js';
import {
  applySequentialGates,
  type EarlyStopOptions,
  earlyStopSuite,
  type ProbeSuite,
} from './early-stop.js';
import { UsageError } from './errors.js';
import { evaluateGates, type Gate, type GateBasis } from './gates.js';
import { withInferredGold } from './gold-evidence.js';
import type { InputFormat } from './readers/formats.js';
import { resilientRetriever } from './remote-retrieval.js';
import { buildReport, type Report } from './report.js';
import { memoryRetrievalCache, openRetrievalCache, type RetrievalCache } from './retrieval-cache.js';
import { type RunEnvironment, runProbeSuite } from './runner.js';
import { type Shard, shardIds } from './shard.js';
import type { Item } from './types.js';

/** Everything an audit needs; the CLI's `probe` command and the programmatic API build this. */
export interface AuditOptions {
  readonly dataset: string;
  readonly generator: string;
  readonly retriever: string;
  readonly topK: number;
  readonly probes: readonly Probe[];
  readonly seed: number;
  /** `contains`, `exact` or `semantic:<model>`. */
  readonly match: string;
  /** Cosine threshold of semantic matching. */
  readonly semanticThreshold?: number;
  /** Where downloaded models are cached (transformers, dense, semantic). */
  readonly modelCacheDir?: string;
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

/** Default cosine threshold of `--match semantic:<model>`; docs/metrics.md explains the choice. */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.92;

/** Builds the matcher a `--match` value names: contains, exact, or semantic:<model>. */
export async function createMatcher(
  spec: string,
  options: { offline?: boolean; modelCacheDir?: string; semanticThreshold?: number } = {},
): Promise<Matcher> {
  if (spec === 'contains' || spec === 'exact') return lexicalMatcher(spec);
  if (spec.startsWith('semantic:') && spec.length > 'semantic:'.length) {
    const model = spec.slice('semantic:'.length);
    const embedder = await loadEmbedder(model, {
      offline: options.offline ?? false,
      ...(options.modelCacheDir === undefined ? {} : { modelCacheDir: options.modelCacheDir }),
    });
    return semanticMatcher({
      id: spec,
      threshold: options.semanticThreshold ?? DEFAULT_SEMANTIC_THRESHOLD,
      embed: (texts) => embedder.embed(texts),
      close: () => embedder.dispose(),
    });
  }
  throw new UsageError(`--match ${spec}: expected contains, exact or semantic:<model>`);
}

/** Builds the matcher and the retriever an audit's options name (shared by the run and --dry-run). */
export async function createMatcherFor(options: AuditOptions): Promise<Matcher> {
  return createMatcher(options.match, {
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.semanticThreshold === undefined ? {} : { semanticThreshold: options.semanticThreshold }),
    ...(options.modelCacheDir === undefined ? {} : { modelCacheDir: options.modelCacheDir }),
  });
}

/** The retriever an audit's options name. */
export function createRetrieverFor(options: AuditOptions): Promise<Retriever> {
  return createRetriever(options.retriever, {
    ...options.retrieverOptions,
    timeoutMs: options.timeoutMs,
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    ...(options.corpus === undefined ? {} : { corpus: options.corpus }),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.modelCacheDir === undefined ? {} : { modelCacheDir: options.modelCacheDir }),
  });
}

/**
 * Loads the dataset, builds the providers, runs the probe suite and returns the report.
 * Providers and the cache are closed whatever happens.
 */
export async function runAudit(options: AuditOptions): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  const loaded = options.items ?? (await loadDataset(options.dataset, options.inputFormat));
  let matcher: Matcher | undefined;
  let generator: Generator | undefined;
  let retriever: Retriever | undefined;
  let cache: AnswerCache | undefined;
  let retrievals: RetrievalCache | undefined;
  try {
    matcher = await createMatcherFor(options);
    retriever = await createRetrieverFor(options);
    const items = withInferredGold(loaded, retriever);
    if (isRemoteRetriever(retriever)) {
      retrievals =
        options.cacheDir === undefined
          ? memoryRetrievalCache()
          : openRetrievalCache(options.cacheDir, retriever);
      retriever = resilientRetriever(retriever, {
        cache: retrievals,
        policy: {
          retries: options.retries,
          backoffMs: options.backoffMs,
          maxBackoffMs: 60_000,
          random: Math.random,
        },
        signal: options.signal,
        rateLimitPerMinute: options.rateLimitPerMinute,
        maxConsecutiveFailures: options.maxConsecutiveFailures,
      });
    }
    generator = await createGenerator(options.generator, {
      timeoutMs: options.timeoutMs,
      ...(options.offline === undefined ? {} : { offline: options.offline }),
      ...(options.modelCacheDir === undefined ? {} : { modelCacheDir: options.modelCacheDir }),
      ...options.generatorOptions,
    });
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
    await Promise.allSettled([generator?.close?.(), retriever?.close?.(), matcher?.close?.()]);
  }
}
