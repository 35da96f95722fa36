import { setMaxListeners } from 'node:events';
import type { Generator } from '../generators/types.js';
import { summarizeAttribution } from '../metrics/attribution.js';
import { summarizeEffects } from '../metrics/effect-sizes.js';
import type { Matcher } from '../metrics/matcher.js';
import { createSummaryFold, type SummaryFold } from '../metrics/summary-fold.js';
import { InterruptedError } from '../model/errors.js';
import type { Estimate, QuestionResult, Summary } from '../model/report.js';
import type { ItemList, Passage } from '../model/types.js';
import type { Probe } from '../probes/types.js';
import type { Retriever } from '../retrievers/types.js';
import { type AttributionRunSettings, planAttribution, runAttribution } from './attribution.js';
import { attributionScoring } from './attribution-scoring.js';
import type { AnswerCache } from './calls/answer-cache.js';
import { type CallCounts, type CallResult, CallScheduler, generationCalls } from './calls/scheduler.js';
import { memoryScoreCache, type ScoreCache } from './calls/score-cache.js';
import { isWindowStore } from './calls/window-store.js';
import { effectScoring, measureEffects } from './effect-sizes.js';
import { createPlanner } from './plan.js';
import { answersToPrepare } from './question-pool.js';
import { callsOf, questionResult } from './question-result.js';
import { openRecordFile } from './record-file.js';
import { answerBaselines, baselineAnswerOf, questionPlans, retrieveQuestions } from './suite-questions.js';
import { finishSummary } from './summary-intervals.js';
import { forEachInSlices, inWindows, mapInSlices, PROBE_WINDOW } from './windows.js';

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
  /**
   * Given each question's result as soon as it is scored, in dataset order; the result then keeps
   * none of them (`questions` is empty), so memory does not grow with the questions' text.
   */
  readonly onQuestion?: ((question: QuestionResult) => void) | undefined;
  readonly onProgress?: (progress: {
    phase: 'retrieve' | 'baseline' | 'probes' | 'intervals';
    done: number;
    total: number;
    errors?: number;
  }) => void;
}

export interface RunResult {
  /** Every question's result, in dataset order; empty when they went to `onQuestion`. */
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
  /** The questions' units of the metrics whose gate interval is not in the summary. */
  readonly units: SummaryFold['units'];
}

/**
 * Runs the probe suite: retrieve for every item, answer every baseline, plan each question's
 * probes (which may depend on every baseline), answer them, then score. `probeIds` limits which
 * questions are probed (sharding); the others still serve as the pool for swaps and substitutes.
 */
export async function runProbeSuite(
  items: ItemList,
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

  const suite = await retrieveQuestions(items, probeIds, {
    topK: settings.topK,
    retriever,
    concurrency: environment.concurrency,
    signal,
    stopIfAborted,
    onRetrieved: (done) => onProgress?.({ phase: 'retrieve', done, total: items.length }),
  });
  const { questions, probed, baselineIndices } = suite;
  const baselineResults = openRecordFile<CallResult>();
  try {
    let done = 0;
    let failed = 0;
    let total = baselineIndices.length;
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
    const request = (question: string, passages: readonly Passage[]) =>
      scheduler.call({ question, passages });
    const guard = async <T>(work: Promise<T>): Promise<T> => {
      try {
        return await work;
      } catch (error) {
        stopIfAborted();
        throw error;
      }
    };

    const windowSize = Math.max(PROBE_WINDOW, environment.concurrency * 8);
    // `--no-cache` keeps the answers of the windows in flight only (window-store.ts).
    const windows = isWindowStore(environment.cache) ? environment.cache : undefined;
    await answerBaselines(suite, baselineResults, windowSize * 8, request, guard, () =>
      windows?.nextWindow(),
    );
    const baselineAnswer = baselineAnswerOf(baselineResults);

    const planner = createPlanner(questions.pool(baselineAnswer), settings, matcher);
    if (matcher.prepare !== undefined)
      await matcher.prepare(
        answersToPrepare(planner.pool, baselineIndices, probed, questions.records, baselineAnswer),
      );

    const planOf = questionPlans(items, questions, baselineResults, planner);

    const { attribution } = settings;
    phase = 'probes';
    done = 0;
    failed = 0;
    total = 0;
    let plannedQuestions = 0;
    let plannedCalls = 0;
    // One scheduler (cache, retries, batching) for every call that scores a given answer.
    const scorer =
      settings.effectSizes === true || attribution !== undefined
        ? effectScoring(generator, environment.scoreCache ?? memoryScoreCache(), callOptions)
        : undefined;
    const scoring = settings.effectSizes === true ? scorer : undefined;
    const maskContext = {
      generator,
      matcher,
      call: scheduler.call.bind(scheduler),
      ...(scorer?.method === 'teacher-forced' ? { score: scorer.scheduler.call.bind(scorer.scheduler) } : {}),
    };
    // Masks answered through the scheduler count in the progress; scored ones do not pass it.
    const masksInProgress = attributionScoring(generator) === 'match';
    let scoringErrors = 0;
    // One window of questions: plan, call, score. Its results are all that is kept of it.
    const probeWindow = async (window: readonly number[]): Promise<QuestionResult[]> => {
      const planned = await mapInSlices(window, planOf);
      windows?.nextWindow();
      // The window's baselines are put back, so a probe whose prompt is its baseline's gets its answer.
      for (const { plan, baselineResult } of windows === undefined ? [] : planned)
        if ('value' in baselineResult)
          scheduler.remember({ question: plan.item.question, passages: plan.passages }, baselineResult.value);
      const plans = planned.map(({ plan }) => plan);
      const baselinesById = new Map(
        planned.map(({ plan, baselineResult }) => [plan.item.id, baselineResult]),
      );
      const attributionPlans = plans.map((plan) =>
        attribution === undefined || plan.baseline === null
          ? undefined
          : planAttribution(plan.item.id, plan.passages, settings.seed, attribution),
      );
      plannedQuestions += plans.length;
      for (const plan of plans) plannedCalls += plan.variants.filter((v) => v.variant.applicable).length;
      if (masksInProgress) for (const plan of attributionPlans) plannedCalls += plan?.masks.length ?? 0;
      // Later windows are not planned yet: their calls are estimated from the windows so far.
      total = Math.round((plannedCalls * probed.length) / plannedQuestions);
      const [answered, attributions] = await Promise.all([
        Promise.all(
          plans.map((plan) =>
            Promise.all(
              plan.variants.map(({ variant }) =>
                variant.applicable
                  ? request(plan.item.question, variant.passages)
                  : Promise.resolve(undefined),
              ),
            ),
          ),
        ),
        Promise.all(
          plans.map((plan, index) => {
            const attributionPlan = attributionPlans[index];
            if (attributionPlan === undefined || plan.baseline === null) return Promise.resolve(undefined);
            const question = {
              question: plan.item.question,
              passages: plan.passages,
              baseline: plan.baseline,
            };
            return runAttribution(attributionPlan, question, maskContext, signal);
          }),
        ),
      ]);
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
      const measured =
        scoring === undefined ? undefined : await measureEffects(plans, baselinesById, answered, scoring);
      scoringErrors += measured?.errors ?? 0;
      return mapInSlices(plans, (plan, index) =>
        questionResult(
          plan,
          (planned[index] as { baselineResult: CallResult }).baselineResult,
          answered[index] ?? [],
          matcher,
          planner.contains,
          { effect: measured?.effects[index], attribution: attributions[index] },
        ),
      );
    };

    const fold = createSummaryFold();
    const kept: QuestionResult[] = [];
    // Attribution and effect sizes are summarised over the questions themselves, so with either on
    // their results are kept (memory then grows with the questions, as docs/performance.md says).
    const forExtras: QuestionResult[] = [];
    const keepForExtras = attribution !== undefined || scoring !== undefined;
    let calls = 0;
    let errors = 0;
    const emit = (results: readonly QuestionResult[]) =>
      forEachInSlices(results, (question) => {
        const counted = callsOf(question);
        calls += counted.calls;
        errors += counted.errors;
        fold.add(question);
        if (environment.onQuestion === undefined) kept.push(question);
        else {
          environment.onQuestion(question);
          if (keepForExtras) forExtras.push(question);
        }
      });
    await inWindows(probed, windowSize, probeWindow, emit, guard);

    const options = { seed: settings.seed, resamples: settings.resamples };
    const all = environment.onQuestion === undefined ? kept : forExtras;
    const { summary, replayAgreement } = await finishSummary(fold, options, environment);
    return {
      questions: kept,
      summary: {
        ...summary,
        ...(attribution === undefined ? {} : { attribution: summarizeAttribution(all) }),
        ...(scoring === undefined ? {} : { effectSizes: summarizeEffects(all, scoring.method, options) }),
      },
      replayAgreement,
      units: fold.units,
      calls,
      errors: errors + scoringErrors,
      counts: scheduler.counts,
      ...(scorer?.method === 'teacher-forced' ? { scoreCounts: scorer.scheduler.counts } : {}),
    };
  } finally {
    questions.close();
    baselineResults.close();
  }
}
