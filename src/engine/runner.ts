import { setMaxListeners } from 'node:events';
import type { Generator } from '../generators/types.js';
import { isAbstention } from '../metrics/abstention.js';
import { summarizeAttribution } from '../metrics/attribution.js';
import { questionEffects, summarizeEffects } from '../metrics/effect-sizes.js';
import type { Matcher } from '../metrics/matcher.js';
import { summarizeReplay } from '../metrics/replay.js';
import { diagnose, questionScores, summarize } from '../metrics/scores.js';
import { seamOf } from '../metrics/seam.js';
import { InterruptedError } from '../model/errors.js';
import type { Estimate, QuestionResult, Summary } from '../model/report.js';
import type { Item, Passage } from '../model/types.js';
import type { Probe } from '../probes/types.js';
import type { Retriever } from '../retrievers/types.js';
import { type AttributionRunSettings, planAttribution, runAttribution } from './attribution.js';
import { attributionScoring } from './attribution-scoring.js';
import type { AnswerCache } from './calls/answer-cache.js';
import { type CallCounts, type CallResult, CallScheduler, generationCalls } from './calls/scheduler.js';
import { memoryScoreCache, type ScoreCache } from './calls/score-cache.js';
import { effectScoring, measureEffects } from './effect-sizes.js';
import { createPlanner } from './plan.js';
import { toProbeResult } from './probe-result.js';

/** Settings that decide the numbers; all of them go into the report. */
export interface RunSettings {
  readonly topK: number;
  readonly probes: readonly Probe[];
  readonly seed: number;
  /** Bootstrap resamples for the intervals. */
  readonly resamples: number;
  /** Sentence attribution (`--attribute`); undefined: off. */
  readonly attribution?: AttributionRunSettings | undefined;
  /** Score a0 under every probe (effect sizes); off when absent. */
  readonly effectSizes?: boolean;
}

/** How the run is carried out; none of it changes the numbers. */
export interface RunEnvironment {
  readonly generator: Generator;
  readonly retriever: Retriever;
  readonly matcher: Matcher;
  readonly cache: AnswerCache;
  /** Scores of given answers (effect sizes); a run-long memory store when absent. */
  readonly scoreCache?: ScoreCache;
  readonly concurrency: number;
  readonly retries: number;
  readonly backoffMs: number;
  /** At most this many generator attempts start per minute; undefined: no limit. */
  readonly rateLimitPerMinute?: number | undefined;
  /** Stop with a provider error after this many failed attempts in a row; undefined: never. */
  readonly maxConsecutiveFailures?: number | undefined;
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: {
    phase: 'retrieve' | 'baseline' | 'probes';
    done: number;
    total: number;
    errors?: number;
  }) => void;
}

export interface RunResult {
  readonly questions: readonly QuestionResult[];
  readonly summary: Summary;
  /** Share of questions whose baseline matches the logged response; null without logged responses. */
  readonly replayAgreement: Estimate | null;
  /** Generator calls the suite needed (baselines and applicable probes), however answered. */
  readonly calls: number;
  /** Calls that failed after their retries. */
  readonly errors: number;
  readonly counts: CallCounts;
  /** Scoring calls (teacher-forced effect sizes), counted apart from the answers. */
  readonly scoreCounts?: CallCounts;
}

async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * Runs the probe suite: retrieve for every item, answer every baseline, plan each question's
 * probes (which may depend on every baseline), answer them, then score. `probeIds` limits which
 * questions are probed (sharding); the others still serve as the pool for swaps and substitutes.
 */
export async function runProbeSuite(
  items: readonly Item[],
  settings: RunSettings,
  environment: RunEnvironment,
  probeIds?: ReadonlySet<string>,
): Promise<RunResult> {
  const { generator, retriever, matcher, signal, onProgress } = environment;
  // Every call in flight listens for the abort: allow as many listeners as calls, and some spare.
  setMaxListeners(environment.concurrency * 2 + 10, signal);
  const stopIfAborted = () => {
    if (signal.aborted)
      throw new InterruptedError('interrupted', { hint: 'run the same command again to resume' });
  };

  let retrieved = 0;
  const passagesById = new Map<string, Passage[]>();
  await mapConcurrent(items, environment.concurrency, async (item) => {
    stopIfAborted();
    const passages = await retriever.retrieve(item, settings.topK, signal);
    passagesById.set(item.id, passages.slice(0, settings.topK));
    onProgress?.({ phase: 'retrieve', done: ++retrieved, total: items.length });
  });

  const probed = probeIds === undefined ? items : items.filter((item) => probeIds.has(item.id));
  // A shard also answers the baselines of other questions whose pool answers are their baseline
  // (no gold answer, no logged response), so its swaps and substitutes match the unsharded run's.
  const baselineItems =
    probeIds === undefined
      ? items
      : items.filter(
          (item) => probeIds.has(item.id) || (item.answers.length === 0 && item.loggedResponse === undefined),
        );
  let done = 0;
  let failed = 0;
  let total = baselineItems.length;
  let phase: 'baseline' | 'probes' = 'baseline';
  const callOptions = {
    concurrency: environment.concurrency,
    retries: environment.retries,
    backoffMs: environment.backoffMs,
    rateLimitPerMinute: environment.rateLimitPerMinute,
    maxConsecutiveFailures: environment.maxConsecutiveFailures,
    random: Math.random,
    signal,
  };
  const scheduler = new CallScheduler(generationCalls(generator), environment.cache, {
    ...callOptions,
    onSettled: (error) => onProgress?.({ phase, done: ++done, total, errors: error ? ++failed : failed }),
  });
  const request = (item: Item, passages: readonly Passage[]) =>
    scheduler.call({ question: item.question, passages });

  const guard = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      stopIfAborted();
      throw error;
    }
  };

  const baselineList = await guard(
    Promise.all(baselineItems.map((item) => request(item, passagesById.get(item.id) ?? []))),
  );
  const baselineResults = new Map<string, CallResult>();
  const baselines = new Map<string, string | null>();
  baselineItems.forEach((item, index) => {
    const result = baselineList[index] as CallResult;
    baselineResults.set(item.id, result);
    baselines.set(item.id, 'value' in result ? result.value.answer : null);
  });

  const planner = createPlanner(items, passagesById, baselines, settings, matcher);
  await matcher.prepare?.([
    ...planner.pool.flatMap((entry) => entry.answers),
    ...[...baselines.values()].filter((b): b is string => b !== null),
    ...probed.flatMap((item) => (item.loggedResponse === undefined ? [] : [item.loggedResponse])),
  ]);

  const plans = probed.map((item) => {
    const baseline = baselines.get(item.id) ?? null;
    const passages = passagesById.get(item.id) ?? [];
    if (baseline === null) return { item, baseline, passages, target: undefined, variants: [] };
    return { item, baseline, passages, ...planner.plan(item, passages, baseline) };
  });

  const { attribution } = settings;
  const attributionPlans = plans.map((plan) =>
    attribution === undefined || plan.baseline === null
      ? undefined
      : planAttribution(plan.item.id, plan.passages, settings.seed, attribution),
  );
  phase = 'probes';
  done = 0;
  failed = 0;
  total = plans.reduce((sum, plan) => sum + plan.variants.filter((v) => v.variant.applicable).length, 0);
  // Masks answered through the scheduler count in the progress; scored ones do not pass it.
  if (attributionScoring(generator) === 'match')
    total += attributionPlans.reduce((sum, plan) => sum + (plan?.masks.length ?? 0), 0);
  // One scheduler (cache, retries, batching) for every call that scores a given answer.
  const scorer =
    settings.effectSizes === true || attribution !== undefined
      ? effectScoring(generator, environment.scoreCache ?? memoryScoreCache(), callOptions)
      : undefined;
  const maskContext = {
    generator,
    matcher,
    call: scheduler.call.bind(scheduler),
    ...(scorer?.method === 'teacher-forced' ? { score: scorer.scheduler.call.bind(scorer.scheduler) } : {}),
  };
  const [answered, attributions] = await guard(
    Promise.all([
      Promise.all(
        plans.map((plan) =>
          Promise.all(
            plan.variants.map(({ variant }) =>
              variant.applicable ? request(plan.item, variant.passages) : Promise.resolve(undefined),
            ),
          ),
        ),
      ),
      Promise.all(
        plans.map((plan, index) => {
          const attributionPlan = attributionPlans[index];
          if (attributionPlan === undefined || plan.baseline === null) return Promise.resolve(undefined);
          const question = { question: plan.item.question, passages: plan.passages, baseline: plan.baseline };
          return runAttribution(attributionPlan, question, maskContext, signal);
        }),
      ),
    ]),
  );
  // Everything scoring compares: probe answers, and the corrupt substitutes (numbers are made up here).
  await matcher.prepare?.([
    ...answered
      .flat()
      .flatMap((result) => (result !== undefined && 'value' in result ? [result.value.answer] : [])),
    ...plans.flatMap((plan) =>
      plan.variants.flatMap(({ variant }) =>
        variant.applicable && variant.substitute !== undefined ? [variant.substitute] : [],
      ),
    ),
  ]);

  const scoring = settings.effectSizes === true ? scorer : undefined;
  const measured =
    scoring === undefined
      ? undefined
      : await guard(measureEffects(plans, baselineResults, answered, scoring));

  let calls = probed.length;
  let errors = measured?.errors ?? 0;
  const questions: QuestionResult[] = plans.map((plan, index) => {
    const baselineResult = baselineResults.get(plan.item.id) as CallResult;
    const { loggedResponse } = plan.item;
    if (plan.baseline === null) errors++;
    const probes = plan.variants.map(({ variant, family }, position) => {
      const result = toProbeResult(
        variant,
        family,
        answered[index]?.[position],
        plan.baseline ?? '',
        matcher,
        plan.item.answers,
        measured?.effects[index]?.probes[position],
      );
      if (result.applicable) calls++;
      if (result.error !== undefined) errors++;
      return result;
    });
    const attributed = attributions[index];
    if (attributed !== undefined) {
      calls += attributed.samples + attributed.heldOut + attributed.errors;
      errors += attributed.errors;
    }
    const { reliance, instability } = questionScores(probes);
    const { goldPassages } = plan.item;
    const seam = seamOf({
      answers: plan.item.answers,
      baseline: plan.baseline,
      passages: plan.passages,
      probes,
      matcher: (a, b) => matcher.match(a, b),
      contains: planner.contains,
    });
    return {
      id: plan.item.id,
      question: plan.item.question,
      answers: plan.item.answers,
      passages: plan.passages,
      baseline: plan.baseline,
      ...('value' in baselineResult && baselineResult.value.logprobs !== undefined
        ? { baselineLogprobs: baselineResult.value.logprobs }
        : {}),
      ...(loggedResponse === undefined ? {} : { loggedResponse }),
      ...(loggedResponse === undefined || plan.baseline === null
        ? {}
        : { replayMatch: matcher.match(plan.baseline, loggedResponse) }),
      ...('error' in baselineResult ? { error: baselineResult.error } : {}),
      target: plan.target ?? null,
      reliance,
      instability,
      ...(measured === undefined ? {} : effectFields(measured.effects[index]?.a0Logprob, probes)),
      diagnosis: diagnose(reliance, instability, plan.baseline !== null && isAbstention(plan.baseline)),
      seam,
      ...(goldPassages === undefined || goldPassages.length === 0
        ? {}
        : { gold: { passages: goldPassages, inferred: plan.item.goldInferred === true } }),
      probes,
      ...(attributed === undefined ? {} : { attribution: attributed }),
      ...(plan.item.meta === undefined ? {} : { meta: plan.item.meta }),
      line: plan.item.line,
    };
  });

  const options = { seed: settings.seed, resamples: settings.resamples };
  const summary = {
    ...summarize(questions, options),
    ...(attribution === undefined ? {} : { attribution: summarizeAttribution(questions) }),
    ...(scoring === undefined ? {} : { effectSizes: summarizeEffects(questions, scoring.method, options) }),
  };
  const replayAgreement = summarizeReplay(questions, { seed: settings.seed, resamples: settings.resamples });
  return {
    questions,
    summary,
    replayAgreement,
    calls,
    errors,
    counts: scheduler.counts,
    ...(scorer?.method === 'teacher-forced' ? { scoreCounts: scorer.scheduler.counts } : {}),
  };
}

/** A question's effect-size fields: log P(a0) under its passages and its continuous scores. */
function effectFields(a0Logprob: number | undefined, probes: QuestionResult['probes']) {
  return { ...(a0Logprob === undefined ? {} : { a0Logprob }), effects: questionEffects(probes) };
}
