import { type MatchMode, memoisedMatch } from './match.js';

/**
 * Decides whether two answers say the same thing. `prepare` lets a matcher that needs model
 * work (semantic matching) do it for a whole batch of answers before the synchronous `match`.
 */
export interface Matcher {
  /** Shown in the report's settings, e.g. "contains". */
  readonly id: string;
  prepare?(answers: readonly string[]): Promise<void>;
  match(a: string, b: string): boolean;
  close?(): Promise<void>;
}

/** The lexical matchers of docs/metrics.md, memoised for the run they serve. */
export function lexicalMatcher(mode: MatchMode): Matcher {
  return { id: mode, match: memoisedMatch(mode) };
}
