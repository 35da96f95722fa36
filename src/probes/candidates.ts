import type { Passage } from '../core/types.js';
import { containsPhrase } from '../metrics/normalize.js';
import { type Rng, randomInt } from '../metrics/random.js';

/**
 * Yields the items in a seeded random order, drawing lazily (incremental Fisher-Yates), so a
 * search that usually stops at its first candidate costs O(1) draws rather than O(n).
 */
export function* randomOrder<T>(rng: Rng, items: readonly T[]): Generator<T> {
  const indices = Array.from({ length: items.length }, (_, i) => i);
  for (let end = indices.length; end > 0; end--) {
    const j = randomInt(rng, end);
    const chosen = indices[j] as number;
    indices[j] = indices[end - 1] as number;
    yield items[chosen] as T;
  }
}

/** True when `phrase` occurs as whole tokens in any passage's title or text. */
export function passagesContain(passages: readonly Passage[], phrase: string): boolean {
  return passages.some(
    (passage) => containsPhrase(passage.text, phrase) || (passage.title !== undefined && containsPhrase(passage.title, phrase)),
  );
}

/** True when two answer lists share no matching pair; vacuously true when either is empty. */
export function answersDiffer(
  left: readonly string[],
  right: readonly string[],
  matcher: (a: string, b: string) => boolean,
): boolean {
  return !left.some((a) => right.some((b) => matcher(a, b)));
}
