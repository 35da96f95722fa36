import type { Passage } from '../core/types.js';
import { isAbstention } from '../metrics/normalize.js';
import { passagesContain } from './candidates.js';

/**
 * The corrupt target t: the first gold answer that occurs in the passages (case-insensitive,
 * whole tokens), else the baseline answer if it occurs there and is not an abstention.
 */
export function findTarget(
  goldAnswers: readonly string[],
  baseline: string,
  passages: readonly Passage[],
): string | undefined {
  for (const answer of goldAnswers) {
    if (answer.trim() !== '' && passagesContain(passages, answer)) return answer.trim();
  }
  if (!isAbstention(baseline) && passagesContain(passages, baseline)) return baseline.trim();
  return undefined;
}
