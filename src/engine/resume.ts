import { summarizeAttribution } from '../metrics/attribution.js';
import { summarizeEffects } from '../metrics/effect-sizes.js';
import { createSummaryFold } from '../metrics/summary-fold.js';
import { InternalError } from '../model/errors.js';
import type { EarlyStopSummary } from '../model/gates.js';
import type { QuestionResult } from '../model/report.js';
import type { Item, ItemList } from '../model/types.js';
import type { ProbeSuite } from './early-stop.js';
import { scoringMethodOf } from './effect-sizes.js';
import type { ResultJournal } from './journal.js';
import { callsOf } from './question-result.js';
import type { RunResult } from './runner.js';
import { finishSummary } from './summary-intervals.js';

/** What a run's questions add up to, as the journal keeps it. */
type Finished = Pick<RunResult, 'summary' | 'replayAgreement'>;

/** A run's result, with how many of its questions came back from the journal. */
export type ResumedResult = RunResult & { readonly earlyStop?: EarlyStopSummary; readonly resumed: number };

/**
 * Whether a question's result may be journaled: none of its calls failed (a failed call is made
 * again by the next run, as the answer cache keeps no failure) and, with teacher-forced effect
 * sizes, every score it needed is there (a failed scoring call leaves no other trace in it).
 */
function complete(question: QuestionResult, teacherForced: boolean): boolean {
  if (callsOf(question).errors > 0) return false;
  if (!teacherForced || question.effects === undefined || (question.baseline ?? '').trim() === '')
    return true;
  return (
    question.a0Logprob !== undefined &&
    question.probes.every((probe) => !probe.applicable || probe.a0Logprob !== undefined)
  );
}

/** Whether the journal holds every question the run probes (`probeIds`, else all). */
export function servesAll(journal: ResultJournal, items: ItemList, probeIds?: ReadonlySet<string>): boolean {
  if (probeIds === undefined) return journal.size === items.length;
  for (let position = 0; position < items.length; position++)
    if (probeIds.has((items.at(position) as Item).id) && !journal.has(position)) return false;
  return true;
}

/**
 * Wraps a probe suite with a result journal: the questions the journal holds are neither planned
 * nor called but read back, in dataset order, and folded into the summary with the others; the
 * suite runs only on the rest (as on a shard of them, so their plans are the full run's), and each
 * of its results is journaled as it is scored. When every question is journaled nothing is
 * retrieved or called at all.
 */
export function resumableSuite(
  journal: ResultJournal,
  suite: ProbeSuite,
): ProbeSuite & ((...args: Parameters<ProbeSuite>) => Promise<ResumedResult>) {
  return async (items, settings, environment, probeIds) => {
    const positions: number[] = [];
    for (let position = 0; position < items.length; position++)
      if (probeIds === undefined || probeIds.has((items.at(position) as Item).id)) positions.push(position);
    const resumed = positions.reduce((count, position) => count + (journal.has(position) ? 1 : 0), 0);
    // The questions left to run, as a shard of the dataset; the whole run when none is journaled.
    const remaining =
      resumed === 0
        ? probeIds
        : new Set(
            positions.flatMap((position) => (journal.has(position) ? [] : [(items.at(position) as Item).id])),
          );
    const scoringMethod = scoringMethodOf(environment.generator);
    const teacherForced =
      scoringMethod === 'teacher-forced' &&
      (settings.effectSizes === true || settings.attribution !== undefined);
    const options = { seed: settings.seed, resamples: settings.resamples };
    const fold = createSummaryFold();
    // Served whole with its summary journaled, the run folds its questions only if a gate asks for
    // their units (read back from the journal then): the summary is not computed again.
    const completed = resumed === positions.length && journal.summary !== undefined;
    let folded = !completed;
    const units: typeof fold.units = (metric) => {
      if (!folded) {
        folded = true;
        for (const position of positions) fold.add(journal.read(position));
      }
      return fold.units(metric);
    };
    const keepAll = environment.onQuestion === undefined;
    const keepForExtras = settings.attribution !== undefined || settings.effectSizes === true;
    const kept: QuestionResult[] = [];
    let calls = 0;
    let errors = 0;
    const emit = (question: QuestionResult, served: boolean) => {
      if (served) {
        const counted = callsOf(question);
        calls += counted.calls;
        errors += counted.errors;
      }
      if (!completed) fold.add(question);
      if (keepAll || keepForExtras) kept.push(question);
      environment.onQuestion?.(question);
    };
    let next = 0;
    // Journaled questions up to the next one the suite answers (all that are left, at the end).
    const serveJournaled = () => {
      for (; next < positions.length && journal.has(positions[next] as number); next++)
        emit(journal.read(positions[next] as number), true);
    };
    let appended = 0;
    // Once the journal holds every question, the summary is kept too (it depends only on them).
    const finish = (finished: Finished) => {
      if (resumed + appended === positions.length && journal.summary === undefined) journal.finish(finished);
    };
    let result: RunResult | undefined;
    if (resumed < positions.length) {
      result = await suite(
        items,
        settings,
        {
          ...environment,
          onQuestion: (question) => {
            // Fresh results come in dataset order: the journaled ones before each go first.
            serveJournaled();
            const position = positions[next++] as number;
            if (items.at(position)?.id !== question.id)
              throw new InternalError(
                `question ${question.id} came out of order (expected ${items.at(position)?.id})`,
              );
            if (complete(question, teacherForced)) {
              journal.append(position, question);
              appended++;
            }
            emit(question, false);
          },
        },
        remaining,
      );
      if (resumed === 0) {
        finish({ summary: result.summary, replayAgreement: result.replayAgreement });
        return { ...result, questions: keepAll ? kept : [], resumed };
      }
    }
    serveJournaled();
    const finishFold = async (): Promise<Finished> => {
      const { summary, replayAgreement } = await finishSummary(fold, options, environment);
      return {
        summary: {
          ...summary,
          ...(settings.attribution === undefined ? {} : { attribution: summarizeAttribution(kept) }),
          ...(settings.effectSizes === true
            ? { effectSizes: summarizeEffects(kept, scoringMethod, options) }
            : {}),
        },
        replayAgreement,
      };
    };
    const finished = completed ? (journal.summary as Finished) : await finishFold();
    finish(finished);
    const noCalls = { liveCalls: 0, cacheHits: 0, retried: 0 };
    return {
      questions: keepAll ? kept : [],
      ...finished,
      units,
      calls: calls + (result?.calls ?? 0),
      errors: errors + (result?.errors ?? 0),
      counts: result?.counts ?? noCalls,
      ...(teacherForced ? { scoreCounts: result?.scoreCounts ?? noCalls } : {}),
      resumed,
    };
  };
}
