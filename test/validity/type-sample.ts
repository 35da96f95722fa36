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
 * then the questions in a random order drawn with `seed`, each giving its corrupt probe when it
 * applies, until `count`. Drawing questions rather than probes keeps the same questions in the
 * sample when a change to the probe makes a few more or fewer corruptions applicable.
 */
export async function sampleSubstitutes(
  dataset: string,
  items: readonly SharedItem[],
  count: number,
  seed: number,
): Promise<TypeSampleRow[]> {
  const run = await runReader('ideal-extractive', items);
  const rows: TypeSampleRow[] = [];
  for (const question of randomOrder(createRng(seed), run.questions)) {
    rows.push(...corruptRows(dataset, [question]));
    if (rows.length >= count) break;
  }
  return rows;
}
