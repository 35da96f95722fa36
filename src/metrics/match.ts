import { isAbstention } from './abstention.js';
import { normalizedTokens } from './normalize.js';

/** How two answers are compared: `contains` (default) or `exact` normalised equality. */
export type MatchMode = 'contains' | 'exact';

/** Compares two answers; `semantic` matchers (embedding based) implement the same shape. */
export type AnswerMatcher = (a: string, b: string) => boolean;

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    return true;
  }
  return false;
}

/**
 * Whether two answers say the same thing, as docs/metrics.md defines it. Abstentions match only
 * abstentions. `exact`: equal after normalisation. `contains`: equal, or the shorter one is a
 * contiguous run of whole tokens inside the longer.
 */
export function answersMatch(a: string, b: string, mode: MatchMode = 'contains'): boolean {
  const leftAbstains = isAbstention(a);
  const rightAbstains = isAbstention(b);
  if (leftAbstains || rightAbstains) return leftAbstains && rightAbstains;
  const left = normalizedTokens(a);
  const right = normalizedTokens(b);
  if (left.join(' ') === right.join(' ')) return true;
  if (mode === 'exact') return false;
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  return containsRun(longer, shorter);
}
