import { isAbstention } from '../metrics/abstention.js';
import type { Passage } from '../model/types.js';
import type { PhraseSearch } from './candidates.js';

/** A baseline longer than this many words is a sentence: its answer is the gold alias inside it. */
const MAX_TARGET_WORDS = 8;

/**
 * The corrupt target t, the form of the answer the generator used: the baseline answer when it
 * occurs in the passages and is short; for a sentence-long baseline, the first gold answer that
 * occurs both in it and in the passages; else the first gold answer that occurs in the passages.
 * Abstentions and phrases without a letter or digit are never targets.
 */
export function findTarget(
  goldAnswers: readonly string[],
  baseline: string,
  passages: readonly Passage[],
  contains: PhraseSearch,
): string | undefined {
  const present = goldAnswers
    .map((answer) => answer.trim())
    .filter((answer) => /[\p{L}\p{N}]/u.test(answer) && contains(passages, answer));
  const used = baseline.trim();
  if (!isAbstention(used) && contains(passages, used)) {
    if (used.split(/\s+/u).length <= MAX_TARGET_WORDS) return used;
    const inside = present.find((answer) => contains([{ id: 'baseline', text: used }], answer));
    if (inside !== undefined) return inside;
  }
  return present[0];
}
