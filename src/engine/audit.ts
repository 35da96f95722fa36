import type { AuditInput, AuditOptions } from '../config/audit-options.js';
import { parseMatchSpec } from '../config/match-spec.js';
import { resolveAuditOptions } from '../config/resolve-options.js';
import { functionGenerator } from '../generators/function.js';
import { createGenerator } from '../generators/registry.js';
import type { Generator } from '../generators/types.js';
import { heldOutCount } from '../metrics/attribution.js';
import type { Matcher } from '../metrics/matcher.js';
import type { QuestionResult, Report } from '../model/report.js';
import type { Item, ItemList } from '../model/types.js';
import { PROBES } from '../probes/registry.js';
import type { Probe } from '../probes/types.js';
import { createRetriever } from '../retrievers/registry.js';
import { isRemoteRetriever, type Retriever } from '../retrievers/types.js';
import { evaluateGates } from '../verdicts/gates.js';
import { buildReport } from './build-report.js';
import { noteCacheReuse, writtenBetween } from './cache-notice.js';
import { type AnswerCache, memoryCache, openAnswerCache, windowCache } from './calls/answer-cache.js';
import { resilientRetriever } from './calls/remote-retrieval.js';
import { memoryRetrievalCache, openRetrievalCache, type RetrievalCache } from './calls/retrieval-cache.js';
import { memoryScoreCache, openScoreCache, type ScoreCache } from './calls/score-cache.js';
import { applySequentialGates, earlyStopSuite, type ProbeSuite } from './early-stop.js';
import { wantsEffectSizes } from './effect-sizes.js';
import { withInferredGold } from './gold-evidence.js';
import { type StoredItems, storeItems } from './item-store.js';
import type { ResultJournal } from './journal.js';
import { createMatcher } from './matcher.js';
import { resumableSuite, servesAll } from './resume.js';
import { journalFor, matcherKey, noteJournalReuse } from './resume-journal.js';
import { type RunSettings, runProbeSuite } from './runner.js';
import { shardIds } from './shard.js';

/** The probes of the suite, by name, in suite order. */
export function suiteProbes(settings: AuditOptions['settings']): Probe[] {
  return settings.probes.map((name) => PROBES[name]);
}

/** The matcher an audit's `match` setting names. */
export function matcherFor(options: AuditOptions): Promise<Matcher> {
  const { generatorOptions } = options.providers;
  return createMatcher(parseMatchSpec(options.settings.match), options.settings, generatorOptions);
}

/** The retriever an audit's options name (shared by the run and --dry-run). */
export function retrieverFor(options: AuditOptions): Promise<Retriever> {
  const { onProgress } = options.environment;
  return createRetriever(options.providers.retriever, {
    ...options.providers.retrieverOptions,
    // Embedding a corpus for `dense:` can take hours: it reports as a phase of its own.
    ...(onProgress === undefined
      ? {}
      : { onProgress: (phase, done, total) => onProgress({ phase, done, total }) }),
  });
}

/** The generator an audit's options name: a spec, or a function given to the API. */
export function generatorFor(options: AuditOptions): Promise<Generator> {
  const { generator, generatorOptions } = options.providers;
  return typeof generator === 'function'
    ? Promise.resolve(functionGenerator(generator))
    : createGenerator(generator, {
        ...generatorOptions,
        signal: options.environment.signal,
        onNotice: options.environment.onNotice,
      });
}

/**
 * The programmatic API: resolves `input` with the defaults (docs/architecture.md), runs the
 * audit and returns its report. `audit({ dataset: 'data.jsonl', generator: 'exec:python3 r.py' })`
 * or `audit({ dataset: rows, generator: async (question, passages) => answer })`.
 */
export function audit(input: AuditInput): Promise<Report> {
  return runAudit(resolveAuditOptions({ flags: input }));
}

/**
 * Loads the dataset, builds the providers, runs the probe suite and returns the report.
 * Providers and the caches are closed whatever happens. `probeIds`, when given, limits the probes
 * to those questions; the others serve only as the pool (as for a shard, or `ragseam inspect`).
 * `onQuestion`, when given, receives each question's result in dataset order as soon as it is
 * scored, and the report's `questions` is then empty (the CLI streams them to the report file).
 */
export async function runAudit(
  options: AuditOptions,
  preloaded?: readonly Item[],
  probeIds?: ReadonlySet<string>,
  onQuestion?: (question: QuestionResult) => void,
): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  const { settings, providers, verdict, environment } = options;
  const stored = preloaded === undefined ? await storeItems(options.source, environment) : undefined;
  const loaded: ItemList = preloaded ?? (stored as StoredItems);
  let matcher: Matcher | undefined;
  let generator: Generator | undefined;
  let retriever: Retriever | undefined;
  let cache: AnswerCache | undefined;
  let scoreCache: ScoreCache | undefined;
  let retrievals: RetrievalCache | undefined;
  let journal: ResultJournal | undefined;
  try {
    matcher = await matcherFor(options);
    retriever = await retrieverFor(options);
    const items = await withInferredGold(loaded, retriever, environment.cacheDir);
    const audited = retriever;
    if (isRemoteRetriever(retriever)) {
      retrievals =
        environment.cacheDir === undefined
          ? memoryRetrievalCache()
          : openRetrievalCache(environment.cacheDir, retriever, environment.cleanOutput);
      retriever = resilientRetriever(retriever, {
        cache: retrievals,
        policy: {
          retries: providers.retries,
          backoffMs: providers.backoffMs,
          maxBackoffMs: 60_000,
          random: Math.random,
        },
        signal: environment.signal,
        rateLimitPerMinute: providers.rateLimitPerMinute,
        maxConsecutiveFailures: providers.maxConsecutiveFailures,
      });
    }
    generator = await generatorFor(options);
    const owner = {
      id: generator.id,
      fingerprint: `${generator.fingerprint}${environment.cacheSalt === '' ? '' : `\0salt=${environment.cacheSalt}`}`,
    };
    const probed =
      probeIds ?? (options.source.shard === undefined ? undefined : shardIds(items, options.source.shard));
    // The journal serves the questions a run with the same key already scored; not with early
    // stopping (its looks redraw the questions) nor for `inspect`'s edited questions.
    journal =
      verdict.earlyStop === undefined && probeIds === undefined
        ? journalFor(options, { items, generator: owner, retriever: audited, match: matcherKey(matcher) })
        : undefined;
    const journalWritten = writtenBetween(journal?.file);
    // A run the journal serves whole makes no call: its caches are not even read.
    const keepsAnswers =
      environment.cacheDir !== undefined && (journal === undefined || !servesAll(journal, items, probed));
    // Early stopping's looks re-run the suite and take earlier looks' answers from the cache.
    cache = keepsAnswers
      ? openAnswerCache(environment.cacheDir, owner, environment.cleanOutput)
      : verdict.earlyStop === undefined
        ? windowCache()
        : memoryCache();
    const effectSizes = wantsEffectSizes(settings.effectSizes, generator);
    if (effectSizes)
      scoreCache = keepsAnswers
        ? openScoreCache(environment.cacheDir, owner, environment.cleanOutput)
        : memoryScoreCache();
    const cacheWritten = writtenBetween(cache.file);
    const suite: ProbeSuite =
      verdict.earlyStop === undefined
        ? journal === undefined
          ? runProbeSuite
          : resumableSuite(journal, runProbeSuite)
        : earlyStopSuite({ ...verdict.earlyStop, gates: verdict.gates, basis: verdict.gateOn });
    const runSettings: RunSettings = {
      topK: settings.topK,
      probes: suiteProbes(settings),
      seed: settings.seed,
      resamples: settings.resamples,
      attribution: settings.attribution,
      effectSizes,
    };
    let result = await suite(
      items,
      runSettings,
      {
        generator,
        retriever,
        matcher,
        cache,
        ...(scoreCache === undefined ? {} : { scoreCache }),
        concurrency: providers.concurrency,
        retries: providers.retries,
        backoffMs: providers.backoffMs,
        rateLimitPerMinute: providers.rateLimitPerMinute,
        maxConsecutiveFailures: providers.maxConsecutiveFailures,
        signal: environment.signal,
        ...(environment.onProgress === undefined ? {} : { onProgress: environment.onProgress }),
        // Early stopping runs the suite once per look: its questions are passed on at the end.
        onQuestion: verdict.earlyStop === undefined ? onQuestion : undefined,
      },
      probed,
    );
    noteCacheReuse(result.counts, cache.file, cacheWritten, environment.onNotice);
    const resumed = 'resumed' in result && typeof result.resumed === 'number' ? result.resumed : 0;
    noteJournalReuse(resumed, result.summary.questions, journal, journalWritten, environment.onNotice);
    if (onQuestion !== undefined && result.questions.length > 0) {
      for (const question of result.questions) onQuestion(question);
      result = { ...result, questions: [] };
    }
    return buildReport({
      version: environment.version,
      settings: {
        dataset: options.source.dataset,
        generator: generator.id,
        retriever: retriever.id,
        topK: settings.topK,
        probes: settings.probes,
        seed: settings.seed,
        match: matcher.id,
        resamples: settings.resamples,
        ...(options.source.shard === undefined ? {} : { shard: options.source.shard }),
        ...(settings.attribution === undefined
          ? {}
          : {
              attribution: {
                samples: settings.attribution.samples,
                heldOut: heldOutCount(settings.attribution.samples),
              },
            }),
      },
      result,
      gates: applySequentialGates(
        evaluateGates(result.summary, verdict.gates, {
          basis: verdict.gateOn,
          units: result.units,
          seed: settings.seed,
          resamples: settings.resamples,
        }),
        result.earlyStop,
      ),
      earlyStop: result.earlyStop,
      resumed,
      startedAt,
      durationMs: performance.now() - started,
    });
  } finally {
    stored?.close();
    // A store whose last write fails throws on close: the generator's process is closed anyway.
    const unwritten = [cache, scoreCache, retrievals, journal].flatMap((store) => {
      try {
        store?.close();
        return [];
      } catch (error) {
        return [error];
      }
    });
    await Promise.allSettled([generator?.close?.(), retriever?.close?.(), matcher?.close?.()]);
    // biome-ignore lint/correctness/noUnsafeFinally: answers that could not be written fail the run, whatever it returned
    if (unwritten.length > 0) throw unwritten[0];
  }
}
