import type { QuestionResult } from '../../src/engine/runner.js';
import { createRng } from '../../src/metrics/random.js';
import { randomOrder } from '../../src/probes/candidates.js';
import { runReader } from './run-reader.js';
import type { SharedItem } from './shared-data.js';

/** One corrupt substitute drawn for the hand check of types (test/validity/type-labels.jsonl). */
export interface TypeSampleRow {
  readonly dataset: string;
  readonly id: string;
  readonly question: string;
  readonly target: string;
  readonly answerType: string;
  readonly substitute: string;
}

/** The applicable corrupt probes of a run, as sample rows. */
export function corruptRows(dataset: string, questions: readonly QuestionResult[]): TypeSampleRow[] {
  return questions.flatMap((question) =>
    question.probes
      .filter((probe) => probe.probe === 'corrupt' && probe.applicable && probe.substitute !== undefined)
      .map((probe) => ({
        dataset,
        id: question.id,
        question: question.question,
        target: probe.target ?? '',
        answerType: probe.answerType ?? '',
        substitute: probe.substitute ?? '',
      })),
  );
}

/**
 * A seeded random sample of `count` corrupt substitutes: the ideal extractive reader on the whole
 * dataset (so each target is the gold form the reader used, and the pool is the whole dataset),
 * then `count` of its applicable corrupt probes in a random order drawn with `seed`.
 */
export async function sampleSubstitutes(
  dataset: string,
  items: readonly SharedItem[],
  count: number,
  seed: number,
): Promise<TypeSampleRow[]> {
  const run = await runReader('ideal-extractive', items);
  const rows = corruptRows(dataset, run.questions);
  return [...randomOrder(createRng(seed), rows)].slice(0, count);
}
