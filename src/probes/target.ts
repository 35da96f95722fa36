import { isAbstention } from '../metrics/normalize.js';
import type { Passage } from '../model/types.js';
import type { PhraseSearch } from './candidates.js';

/**
 * The corrupt target t: the first gold answer that occurs in the passages (case-insensitive,
 * whole tokens), else the baseline answer if it occurs there and is not an abstention.
 */
export function findTarget(
  goldAnswers: readonly string[],
  baseline: string,
  passages: readonly Passage[],
  contains: PhraseSearch,
): string | undefined {
  for (const answer of goldAnswers) {
    if (answer.trim() !== '' && contains(passages, answer)) return answer.trim();
  }
  if (!isAbstention(baseline) && contains(passages, baseline)) return baseline.trim();
  return undefined;
}
