import type { Item, ItemList, Passage } from '../model/types.js';
import type { Retriever } from '../retrievers/types.js';
import type { CallResult } from './calls/scheduler.js';
import type { Planner } from './plan.js';
import { answersWithBaseline, type PoolRecord, type QuestionPool, retrievePool } from './question-pool.js';
import type { PlannedQuestion } from './question-result.js';
import type { RecordFile } from './record-file.js';
import { inWindows } from './windows.js';

/** A run's questions once retrieved: the pool, and by position which are probed and which answered. */
export interface SuiteQuestions {
  readonly questions: QuestionPool;
  /** Positions of the questions probed, in dataset order. */
  readonly probed: readonly number[];
  /** Positions of the questions whose baseline is answered, in dataset order. */
  readonly baselineIndices: readonly number[];
}

/**
 * Retrieves every question's passages. `probeIds` limits the questions probed (a shard); a shard
 * also answers the baselines of other questions whose pool answers are their baseline (no gold
 * answer, no logged response), so its swaps and substitutes match the unsharded run's.
 */
export async function retrieveQuestions(
  items: ItemList,
  probeIds: ReadonlySet<string> | undefined,
  options: {
    readonly topK: number;
    readonly retriever: Retriever;
    readonly concurrency: number;
    readonly signal: AbortSignal;
    readonly stopIfAborted: () => void;
    readonly onRetrieved: (done: number) => void;
  },
): Promise<SuiteQuestions> {
  const { topK, retriever, signal } = options;
  // Per question: 1 probed, 2 only its baseline answered, 0 neither.
  const roles = new Uint8Array(items.length);
  let retrieved = 0;
  const questions = await retrievePool(
    items,
    options.concurrency,
    async (item) => {
      options.stopIfAborted();
      return (await retriever.retrieve(item, topK, signal)).slice(0, topK);
    },
    (item, index) => {
      roles[index] = probeIds === undefined || probeIds.has(item.id) ? 1 : answersWithBaseline(item) ? 2 : 0;
      options.onRetrieved(++retrieved);
    },
  );
  const probed: number[] = [];
  const baselineIndices: number[] = [];
  roles.forEach((role, index) => {
    if (role === 1) probed.push(index);
    if (role > 0) baselineIndices.push(index);
  });
  return { questions, probed, baselineIndices };
}

/**
 * Answers the baselines, `windowSize` questions queued at a time (a million calls queued at once
 * would hold a million requests and promises), into a temporary file by position; `startWindow`
 * is called as each window is queued. `results` is closed by the caller, also when this fails.
 */
export async function answerBaselines(
  { questions, baselineIndices }: SuiteQuestions,
  results: RecordFile<CallResult>,
  windowSize: number,
  request: (question: string, passages: readonly Passage[]) => Promise<CallResult>,
  guard: <V>(work: Promise<V>) => Promise<V>,
  startWindow: () => void,
): Promise<void> {
  await inWindows(
    baselineIndices,
    windowSize,
    (window) => {
      startWindow();
      return Promise.all(
        window.map((index) => {
          const record = questions.records.get(index) as PoolRecord;
          return request(record.question, record.passages);
        }),
      );
    },
    (answered, window) => {
      for (const [at, index] of window.entries()) results.set(index, answered[at] as CallResult);
    },
    guard,
  );
}

/** The answer of a baseline in `results`; null when it failed or was not asked. */
export function baselineAnswerOf(results: RecordFile<CallResult>): (index: number) => string | null {
  return (index) => {
    const result = results.get(index);
    return result !== undefined && 'value' in result ? result.value.answer : null;
  };
}

/** The plan of the question at a position, with its baseline's result (no probes when it failed). */
export function questionPlans(
  items: ItemList,
  questions: QuestionPool,
  baselineResults: RecordFile<CallResult>,
  planner: Planner,
): (index: number) => { plan: PlannedQuestion; baselineResult: CallResult } {
  return (index) => {
    const item = items.at(index) as Item;
    const baselineResult = baselineResults.get(index) as CallResult;
    const baseline = 'value' in baselineResult ? baselineResult.value.answer : null;
    const passages = questions.passages(index);
    if (baseline === null)
      return { plan: { item, baseline, passages, target: undefined, variants: [] }, baselineResult };
    return { plan: { item, baseline, passages, ...planner.plan(item, passages, baseline) }, baselineResult };
  };
}
