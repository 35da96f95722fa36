import { BM25_PARAMS, termScore } from './scoring.js';

/** One distinct question term as the pruned scorer sees it. */
export interface QueryTerm {
  /** Where the term's postings start in the postings files, and how many there are. */
  readonly start: number;
  readonly size: number;
  readonly idf: number;
  /** How many times the question holds the term (each occurrence adds its score once more). */
  readonly weight: number;
}

/** Reads a term's postings into the reader's buffers and returns them (valid until the next read). */
export type PostingsReader = (
  start: number,
  size: number,
) => { passageIds: Uint32Array; frequencies: Uint32Array };

/** A candidate found by {@link scoreWithPruning}: its corpus position and exact score. */
export interface ScoredPassage {
  readonly position: number;
  readonly score: number;
}

/**
 * Bounds are compared with a relative margin, since a partial sum taken in another order than the
 * exact score can differ from it in the last bits: pruning must never drop a passage that ties.
 */
const MARGIN = 1e-9;

/**
 * The scratch space of pruned searches, kept by a searcher across its questions so that a
 * question allocates nothing: candidate slots that grow to the largest number of candidates
 * a question has opened, and each passage's slot.
 */
export class PruningWorkspace {
  /** Per passage, its candidate slot + 1 during a search (0 otherwise). */
  readonly slotOf: Uint32Array;
  positions = new Uint32Array(1 << 16);
  partial = new Float64Array(1 << 16);
  matched = new Uint32Array(1 << 16);
  alive = new Uint8Array(1 << 16);
  contributions = new Float64Array(1 << 16);
  count = 0;
  terms = 0;

  constructor(passageCount: number) {
    this.slotOf = new Uint32Array(passageCount);
  }

  /** Empties the candidates for a question of `terms` distinct terms. */
  reset(terms: number): void {
    for (let slot = 0; slot < this.count; slot++) this.slotOf[this.positions[slot] as number] = 0;
    this.count = 0;
    this.terms = terms;
    if (this.contributions.length < this.positions.length * terms) {
      this.contributions = new Float64Array(this.positions.length * terms);
    }
  }

  add(position: number): number {
    const slot = this.count++;
    if (slot === this.positions.length) this.grow();
    this.positions[slot] = position;
    this.slotOf[position] = slot + 1;
    this.partial[slot] = 0;
    this.matched[slot] = 0;
    this.alive[slot] = 1;
    this.contributions.fill(0, slot * this.terms, (slot + 1) * this.terms);
    return slot;
  }

  private grow(): void {
    const size = this.positions.length * 2;
    const copy = <T extends Uint32Array | Float64Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.positions = copy(this.positions, new Uint32Array(size));
    this.partial = copy(this.partial, new Float64Array(size));
    this.matched = copy(this.matched, new Uint32Array(size));
    this.alive = copy(this.alive, new Uint8Array(size));
    this.contributions = copy(this.contributions, new Float64Array(size * this.terms));
  }
}

/** The `topK`-th largest lower bound (partial sum × terms matched) among live candidates, or 0. */
function threshold(candidates: PruningWorkspace, topK: number): number {
  const best: number[] = [];
  const { partial, matched, alive, count } = candidates;
  for (let slot = 0; slot < count; slot++) {
    if (alive[slot] === 0) continue;
    const bound = (partial[slot] as number) * (matched[slot] as number);
    if (best.length === topK && bound <= (best[topK - 1] as number)) continue;
    let at = Math.min(best.length, topK - 1);
    while (at > 0 && bound > (best[at - 1] as number)) at--;
    if (best.length === topK) best.pop();
    best.splice(at, 0, bound);
  }
  return best.length === topK ? (best[topK - 1] as number) * (1 - MARGIN) : 0;
}

/**
 * Exact BM25 top-k candidates with dynamic pruning in the manner of MaxScore, term at a time.
 * Terms are visited from the highest score bound (the rarest) down. Once the terms still to come
 * cannot lift a passage not yet seen past the current k-th best lower bound, no new candidate is
 * opened; candidates whose best possible score falls below that bound are dropped, and the
 * remaining postings only update the survivors. A term's bound is weight · idf · (k1 + 1), the
 * limit of its saturating tf part, and a passage's final score is at most (sum of the bounds of
 * the terms it may still match) × (terms matched so far + terms to come), the coordination factor
 * included.
 *
 * Every surviving candidate keeps each term's contribution, and its score is then summed in the
 * question's order (`order`: a distinct-term index per question term, repeats included) and
 * multiplied by its distinct terms matched, exactly as exhaustive scoring does, so scores are
 * equal to the last bit. Returns the survivors, a superset of the true top k.
 */
export function scoreWithPruning(
  terms: readonly QueryTerm[],
  order: readonly number[],
  topK: number,
  normalisers: Float64Array,
  candidates: PruningWorkspace,
  read: PostingsReader,
): ScoredPassage[] {
  const m = terms.length;
  const { slotOf } = candidates;
  candidates.reset(m);
  const bounds = terms.map((t) => t.weight * t.idf * (BM25_PARAMS.k + 1));
  const visit = terms.map((_, index) => index).sort((a, b) => (bounds[b] as number) - (bounds[a] as number));
  let opening = true;
  for (let step = 0; step < m; step++) {
    const index = visit[step] as number;
    const term = terms[index] as QueryTerm;
    const { passageIds, frequencies } = read(term.start, term.size);
    const { weight, idf } = term;
    for (let i = 0; i < term.size; i++) {
      const position = passageIds[i] as number;
      let slot = (slotOf[position] as number) - 1;
      if (slot < 0) {
        if (!opening) continue;
        slot = candidates.add(position);
      } else if (candidates.alive[slot] === 0) continue;
      const score = termScore(idf, frequencies[i] as number, normalisers[position] as number);
      candidates.contributions[slot * m + index] = score;
      candidates.partial[slot] = (candidates.partial[slot] as number) + weight * score;
      candidates.matched[slot] = (candidates.matched[slot] as number) + 1;
    }
    let rest = 0;
    for (let later = step + 1; later < m; later++) rest += bounds[visit[later] as number] as number;
    const restCount = m - step - 1;
    if (restCount === 0) break;
    const floor = threshold(candidates, topK);
    if (opening && rest * restCount * (1 + MARGIN) < floor) opening = false;
    if (!opening) {
      const { partial, matched, alive } = candidates;
      for (let slot = 0; slot < candidates.count; slot++) {
        const best = ((partial[slot] as number) + rest) * ((matched[slot] as number) + restCount);
        if (best * (1 + MARGIN) < floor) alive[slot] = 0;
      }
    }
  }
  return exactScores(candidates, order);
}

function exactScores(candidates: PruningWorkspace, order: readonly number[]): ScoredPassage[] {
  const { terms, contributions, positions, matched, alive } = candidates;
  const scored: ScoredPassage[] = [];
  for (let slot = 0; slot < candidates.count; slot++) {
    if (alive[slot] === 0) continue;
    let sum = 0;
    // Adding zero for a term the passage lacks leaves the sum unchanged, bit for bit.
    for (const index of order) sum += contributions[slot * terms + index] as number;
    scored.push({ position: positions[slot] as number, score: sum * (matched[slot] as number) });
  }
  return scored;
}
