import type { Item, ItemList, Passage } from '../model/types.js';
import type { PoolList } from '../probes/types.js';
import { openRecordFile, type RecordFile } from './record-file.js';
import { forEachConcurrent } from './windows.js';

/** What the pool needs of one question, written once when its passages are known. */
export interface PoolRecord {
  readonly id: string;
  readonly question: string;
  readonly answers: readonly string[];
  readonly loggedResponse?: string;
  readonly chosenSubstitute?: true;
  /** The passages retrieved for it (top-k). */
  readonly passages: readonly Passage[];
}

/**
 * The answers a question contributes to the pool: gold answers, else its logged response, else
 * its baseline answer (null before the baseline is known, as in `--dry-run`). The baseline is
 * asked for only when it is needed.
 */
export function poolAnswers(
  item: Pick<Item, 'answers' | 'loggedResponse'>,
  baseline: string | null | (() => string | null),
): string[] {
  if (item.answers.length > 0) return [...item.answers];
  if (item.loggedResponse !== undefined) return [item.loggedResponse];
  const answer = typeof baseline === 'function' ? baseline() : baseline;
  return answer === null ? [] : [answer];
}

/** Whether a question's pool answer is its baseline: no gold answer and no logged response. */
export const answersWithBaseline = (item: Pick<Item, 'answers' | 'loggedResponse'>) =>
  item.answers.length === 0 && item.loggedResponse === undefined;

/**
 * Every question's passages and pool record, kept in a temporary file: the pool draws from every
 * question, so a run over a million questions would otherwise hold them all.
 */
export interface QuestionPool {
  readonly records: RecordFile<PoolRecord>;
  /** The passages retrieved for the question at `index`. */
  passages(index: number): readonly Passage[];
  /** The pool, each question's answers completed by `baseline` where it has none of its own. */
  pool(baseline: (index: number) => string | null): PoolList;
  close(): void;
}

/** Retrieves the top-k passages of every question, `concurrency` at a time, into a {@link QuestionPool}. */
export async function retrievePool(
  items: ItemList,
  concurrency: number,
  retrieve: (item: Item) => Promise<readonly Passage[]>,
  onRetrieved?: (item: Item, index: number) => void,
): Promise<QuestionPool> {
  const records = openRecordFile<PoolRecord>();
  try {
    await forEachConcurrent(items.length, concurrency, async (index) => {
      const item = items.at(index) as Item;
      const passages = await retrieve(item);
      records.set(index, {
        id: item.id,
        question: item.question,
        answers: item.answers,
        ...(item.loggedResponse === undefined ? {} : { loggedResponse: item.loggedResponse }),
        ...(item.meta?.chosenSubstitute === true ? { chosenSubstitute: true } : {}),
        passages,
      });
      onRetrieved?.(item, index);
    });
  } catch (error) {
    records.close();
    throw error;
  }
  const passages = (index: number) => records.get(index)?.passages ?? [];
  return {
    records,
    passages,
    pool: (baseline) => ({
      length: items.length,
      at(index) {
        const record = records.get(index);
        if (record === undefined) return undefined;
        return {
          id: record.id,
          question: record.question,
          answers: poolAnswers(record, () => baseline(index)),
          passages: record.passages,
          ...(record.chosenSubstitute === true ? { chosenSubstitute: true } : {}),
        };
      },
    }),
    close: () => records.close(),
  };
}

/**
 * Every answer a matcher that needs preparing (semantic) compares while planning: the pool's
 * answers, the baselines answered, and the probed questions' logged responses, in that order.
 */
export function answersToPrepare(
  pool: PoolList,
  baselineIndices: readonly number[],
  probed: readonly number[],
  records: RecordFile<PoolRecord>,
  baseline: (index: number) => string | null,
): string[] {
  const answers: string[] = [];
  for (let index = 0; index < pool.length; index++) answers.push(...(pool.at(index)?.answers ?? []));
  for (const index of baselineIndices) {
    const answer = baseline(index);
    if (answer !== null) answers.push(answer);
  }
  for (const index of probed) {
    const logged = records.get(index)?.loggedResponse;
    if (logged !== undefined) answers.push(logged);
  }
  return answers;
}
