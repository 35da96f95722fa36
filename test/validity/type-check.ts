import { looksLikeName, typeAnswer } from '../../src/probes/answer-type.js';
import { passageTexts } from '../../src/probes/substitute.js';
import type { SharedItem } from './shared-data.js';
import type { TypeSampleRow } from './type-sample.js';

/** One hand-labelled corrupt substitute (test/validity/type-labels.jsonl). */
export interface LabelledSubstitute extends TypeSampleRow {
  /** The target's type and the substitute's, judged by reading them. */
  readonly handTarget: string;
  readonly handSubstitute: string;
}

const bare = (text: string) => text.replace(/^(?:the|a|an) /iu, '');

/**
 * The strict automated type check: the substitute has the target's type in the target's own
 * question (the lenient check) and in the question it came from, read with that question's
 * passages; a place target's type rests on the target or its passages, not on "where" alone; and
 * an `other` target gets a name for a name and a phrase for a phrase. `source` is the question
 * whose answer the substitute is (undefined for drawn years, dates and numbers).
 */
export function strictTypeAgreement(
  row: { question: string; target: string; answerType: string; substitute: string },
  item: SharedItem | undefined,
  source: SharedItem | undefined,
): boolean {
  const texts = item === undefined ? [] : passageTexts(item.passages);
  if (typeAnswer(row.substitute, row.question, texts).type !== row.answerType) return false;
  if (source !== undefined) {
    const own = typeAnswer(row.substitute, source.question, passageTexts(source.passages));
    if (own.type !== row.answerType || own.evidence !== 'own') return false;
  }
  // A where-question types many non-places as places ("in the New Testament"); who-questions are reliable.
  if (row.answerType === 'place' && typeAnswer(row.target, row.question, texts).evidence !== 'own')
    return false;
  return (
    row.answerType !== 'other' || looksLikeName(bare(row.target)) === looksLikeName(bare(row.substitute))
  );
}

/** Finds the question whose first answer a drawn substitute is (by the pool's trimming); the first such question. */
export function sourceIndex(items: readonly SharedItem[]): (substitute: string) => SharedItem | undefined {
  const byAnswer = new Map<string, SharedItem>();
  for (const item of items) {
    const answer = item.answers[0]?.trim().replace(/[.,;:]+$/u, '');
    if (answer !== undefined && !byAnswer.has(answer)) byAnswer.set(answer, item);
  }
  return (substitute) => byAnswer.get(substitute);
}
