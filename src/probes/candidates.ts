import { isAbstention } from '../metrics/abstention.js';
import { phraseTester } from '../metrics/normalize.js';
import { type Rng, randomInt } from '../metrics/random.js';
import type { Passage } from '../model/types.js';

/**
 * Yields the items in a seeded random order, drawing lazily (incremental Fisher-Yates), so a
 * search that usually stops at its first candidate costs O(1) draws rather than O(n).
 */
export function* randomOrder<T>(
  rng: Rng,
  items: { readonly length: number; at(index: number): T | undefined },
): Generator<T> {
  // Sparse Fisher-Yates: only positions already swapped are stored, so k draws cost O(k).
  const moved = new Map<number, number>();
  for (let end = items.length; end > 0; end--) {
    const j = randomInt(rng, end);
    const chosen = moved.get(j) ?? j;
    moved.set(j, moved.get(end - 1) ?? end - 1);
    yield items.at(chosen) as T;
  }
}

/** Whether `phrase` occurs as whole tokens, ignoring case, in any passage's title or text. */
export type PhraseSearch = (passages: readonly Passage[], phrase: string) => boolean;

/**
 * Phrases a {@link PhraseSearch} keeps compiled. Each question brings its own answers, so an
 * unbounded set grows with the dataset (a compiled pattern and its machine code take about 2 KB of
 * heap: 2 GB at a million questions); the phrases in use come back within the two windows of
 * questions in flight (256 questions each at the default concurrency, a dozen phrases a question).
 */
const KEPT_PHRASES = 8192;

/**
 * A {@link PhraseSearch} that compiles each phrase once: planning tests the same targets and
 * answers against many passages, and compiling the pattern costs far more than running it.
 * Create one per run; it keeps the {@link KEPT_PHRASES} most recently compiled phrases.
 */
export function createPhraseSearch(): PhraseSearch {
  const testers = new Map<string, (text: string) => boolean>();
  return (passages, phrase) => {
    let occurs = testers.get(phrase);
    if (occurs === undefined) {
      occurs = phraseTester(phrase);
      if (testers.size >= KEPT_PHRASES) testers.delete(testers.keys().next().value as string);
      testers.set(phrase, occurs);
    }
    const test = occurs;
    return passages.some(
      (passage) => test(passage.text) || (passage.title !== undefined && test(passage.title)),
    );
  };
}

/** True when two answer lists share no matching pair; vacuously true when either is empty. */
export function answersDiffer(
  left: readonly string[],
  right: readonly string[],
  matcher: (a: string, b: string) => boolean,
): boolean {
  return !left.some((a) => right.some((b) => matcher(a, b)));
}

/** The source document of a passage, as far as the data says: its title, and its id before a "#" ("doc#3"). */
function documentsOf(passage: Passage): string[] {
  const title = passage.title?.trim().toLowerCase();
  const hash = passage.id.lastIndexOf('#');
  return [
    ...(title === undefined || title === '' ? [] : [`title:${title}`]),
    ...(hash > 0 ? [`id:${passage.id.slice(0, hash)}`] : []),
  ];
}

/**
 * Whether a passage of another question may stand in for or join this question's passages (swap,
 * distractor): it names none of this question's answers, its baseline or its target (as whole
 * normalised tokens), and comes from none of its passages' source documents (same title, or same
 * id before "#").
 */
export function unrelatedPassage(context: {
  readonly answers: readonly string[];
  readonly baseline: string;
  readonly target: string | undefined;
  readonly passages: readonly Passage[];
  readonly contains: PhraseSearch;
}): (passage: Passage) => boolean {
  const documents = new Set(context.passages.flatMap(documentsOf));
  const answers = [
    ...new Set([...context.answers, context.baseline, context.target ?? ''].map((a) => a.trim())),
    // A sentence-long answer (a long-form baseline) names nothing another passage shares by chance.
  ].filter(
    (answer) => /[\p{L}\p{N}]/u.test(answer) && answer.split(/\s+/u).length <= 8 && !isAbstention(answer),
  );
  return (passage) => {
    if (documentsOf(passage).some((document) => documents.has(document))) return false;
    return !answers.some((answer) => context.contains([passage], answer));
  };
}
