import { termScore } from './scoring.js';

/** One distinct question term as the pruned scorer sees it. */
export interface QueryTerm {
  /** Where the term's postings start in the postings files, and how many there are. */
  readonly start: number;
  readonly size: number;
  /** Where the term's blocks start in the block-firsts array (see posting-blocks.ts). */
  readonly firstBlock: number;
  readonly idf: number;
  /** The largest tf part of the term's contribution to any passage (see `saturation`). */
  readonly peak: number;
  /** How many times the question holds the term (each occurrence adds its score once more). */
  readonly weight: number;
}

/** Postings read into a reader's buffers: the first `size` entries, valid until the next read. */
export interface Postings {
  readonly passageIds: Uint32Array;
  readonly frequencies: Uint32Array;
  readonly size: number;
}

/** Reads a term's postings: all of them, or the blocks that can hold some passages. */
export interface PostingsReader {
  readAll(term: QueryTerm): Postings;
  /**
   * Every posting of `term` for any of the first `count` of `positions` (in any order), and perhaps
   * others: a subsequence of the list, still in passage order.
   */
  readHolding(term: QueryTerm, positions: Uint32Array, count: number): Postings;
}

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
 * a question has opened, each passage's slot, and once no candidate can be opened, the positions
 * of those still alive (the survivors). A slot's fields are zero when it is opened (`dead` 0 is
 * alive): a question's used slots are cleared by the next one in a few bulk fills.
 */
export class PruningWorkspace {
  /** Per passage, its candidate slot + 1 during a search (0 otherwise). */
  readonly slotOf: Uint32Array;
  positions = new Uint32Array(1 << 16);
  partial = new Float64Array(1 << 16);
  matched = new Uint32Array(1 << 16);
  dead = new Uint8Array(1 << 16);
  /** Per slot, each distinct term's contribution (slot × terms + term). */
  contributions = new Float64Array(1 << 16);
  survivors = new Uint32Array(1 << 16);
  count = 0;
  survivorCount = 0;
  terms = 0;

  constructor(passageCount: number) {
    this.slotOf = new Uint32Array(passageCount);
  }

  /** Empties the candidates for a question of `terms` distinct terms. */
  reset(terms: number): void {
    const { count } = this;
    for (let slot = 0; slot < count; slot++) this.slotOf[this.positions[slot] as number] = 0;
    this.partial.fill(0, 0, count);
    this.matched.fill(0, 0, count);
    this.dead.fill(0, 0, count);
    this.contributions.fill(0, 0, count * this.terms);
    this.count = 0;
    this.survivorCount = 0;
    this.terms = terms;
    if (this.contributions.length < this.positions.length * terms) {
      this.contributions = new Float64Array(this.positions.length * terms);
    }
  }

  /**
   * Makes room for `total` candidates, so that slots up to it can be opened without a check; never
   * more than one per passage, so the slots grow no larger than opening them one by one would.
   */
  reserve(total: number): void {
    const needed = Math.min(total, this.slotOf.length);
    while (this.positions.length < needed) this.grow();
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
    this.dead = copy(this.dead, new Uint8Array(size));
    this.contributions = copy(this.contributions, new Float64Array(size * this.terms));
    this.survivors = new Uint32Array(size);
  }
}

/**
 * The `topK`-th largest lower bound (partial sum × terms matched) among live candidates, or 0:
 * every candidate while candidates are opened, then the survivors.
 */
function threshold(candidates: PruningWorkspace, topK: number, closed: boolean): number {
  const best: number[] = [];
  const { partial, matched, slotOf, survivors } = candidates;
  const total = closed ? candidates.survivorCount : candidates.count;
  for (let i = 0; i < total; i++) {
    const slot = closed ? (slotOf[survivors[i] as number] as number) - 1 : i;
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
 * Drops the candidates (every one when `closed` is false, else the survivors) whose best possible
 * score, with `rest` (the bounds of the `restCount` terms still to come) added, is below `floor`,
 * and keeps the positions of the others as the survivors.
 */
function keepSurvivors(
  candidates: PruningWorkspace,
  rest: number,
  restCount: number,
  floor: number,
  closed: boolean,
): void {
  const { partial, matched, dead, slotOf, survivors, positions } = candidates;
  const total = closed ? candidates.survivorCount : candidates.count;
  let kept = 0;
  for (let i = 0; i < total; i++) {
    const slot = closed ? (slotOf[survivors[i] as number] as number) - 1 : i;
    const best = ((partial[slot] as number) + rest) * ((matched[slot] as number) + restCount);
    if (best * (1 + MARGIN) < floor) dead[slot] = 1;
    else survivors[kept++] = positions[slot] as number;
  }
  candidates.survivorCount = kept;
}

/** A term's postings scored into the candidates: `index` is the term's, `m` the number of terms. */
interface TermPass {
  readonly postings: Postings;
  readonly index: number;
  readonly m: number;
  readonly weight: number;
  readonly idf: number;
}

/** Scores every posting of a term, opening a candidate for each passage not yet seen. */
function openAndScore(candidates: PruningWorkspace, normalisers: Float64Array, pass: TermPass): void {
  const { passageIds, frequencies, size } = pass.postings;
  const { index, m, weight, idf } = pass;
  candidates.reserve(candidates.count + size);
  const { slotOf, positions, partial, matched, contributions } = candidates;
  let count = candidates.count;
  for (let i = 0; i < size; i++) {
    const position = passageIds[i] as number;
    let slot = (slotOf[position] as number) - 1;
    if (slot < 0) {
      slot = count++;
      positions[slot] = position;
      slotOf[position] = slot + 1;
    }
    const score = termScore(idf, frequencies[i] as number, normalisers[position] as number);
    contributions[slot * m + index] = score;
    partial[slot] = (partial[slot] as number) + weight * score;
    matched[slot] = (matched[slot] as number) + 1;
  }
  candidates.count = count;
}

/** Scores a term's postings of live candidates only. */
function updateSurvivors(candidates: PruningWorkspace, normalisers: Float64Array, pass: TermPass): void {
  const { passageIds, frequencies, size } = pass.postings;
  const { index, m, weight, idf } = pass;
  const { slotOf, partial, matched, dead, contributions } = candidates;
  for (let i = 0; i < size; i++) {
    const position = passageIds[i] as number;
    const slot = (slotOf[position] as number) - 1;
    if (slot < 0 || dead[slot] === 1) continue;
    const score = termScore(idf, frequencies[i] as number, normalisers[position] as number);
    contributions[slot * m + index] = score;
    partial[slot] = (partial[slot] as number) + weight * score;
    matched[slot] = (matched[slot] as number) + 1;
  }
}

/**
 * Exact BM25 top-k candidates with dynamic pruning in the manner of MaxScore, term at a time.
 * Terms are visited from the highest score bound (the rarest) down. Once the terms still to come
 * cannot lift a passage not yet seen past the current k-th best lower bound, no new candidate is
 * opened; candidates whose best possible score falls below that bound are dropped, and the
 * remaining terms only update the survivors, reading only the blocks of their lists that can hold
 * a survivor (see posting-blocks.ts). A term's bound is weight · idf · its peak tf part (the
 * largest over its postings, noted when the index is built), and a passage's final score is at most (sum of the bounds of
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
  candidates.reset(m);
  const bounds = terms.map((t) => t.weight * t.idf * t.peak);
  const visit = terms.map((_, index) => index).sort((a, b) => (bounds[b] as number) - (bounds[a] as number));
  let closed = false;
  for (let step = 0; step < m; step++) {
    const index = visit[step] as number;
    const term = terms[index] as QueryTerm;
    const { weight, idf } = term;
    if (closed) {
      const postings = read.readHolding(term, candidates.survivors, candidates.survivorCount);
      updateSurvivors(candidates, normalisers, { postings, index, m, weight, idf });
    } else openAndScore(candidates, normalisers, { postings: read.readAll(term), index, m, weight, idf });
    let rest = 0;
    for (let later = step + 1; later < m; later++) rest += bounds[visit[later] as number] as number;
    const restCount = m - step - 1;
    if (restCount === 0) break;
    const floor = threshold(candidates, topK, closed);
    if (closed || rest * restCount * (1 + MARGIN) < floor) {
      keepSurvivors(candidates, rest, restCount, floor, closed);
      closed = true;
    }
  }
  return exactScores(candidates, order);
}

function exactScores(candidates: PruningWorkspace, order: readonly number[]): ScoredPassage[] {
  const { terms, contributions, positions, matched, dead } = candidates;
  const scored: ScoredPassage[] = [];
  for (let slot = 0; slot < candidates.count; slot++) {
    if (dead[slot] === 1) continue;
    let sum = 0;
    // Adding zero for a term the passage lacks leaves the sum unchanged, bit for bit.
    for (const index of order) sum += contributions[slot * terms + index] as number;
    scored.push({ position: positions[slot] as number, score: sum * (matched[slot] as number) });
  }
  return scored;
}
