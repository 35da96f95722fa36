import { saturation } from './scoring.js';

/**
 * Skip data for the posting lists: each term's list (sorted by passage position) is cut into
 * blocks of {@link POSTINGS_PER_BLOCK} postings, the last one partial, and the index keeps the
 * first passage position of every block (`block-firsts.u32`, the terms' blocks one after another in
 * term order). A passage can only be in the block whose first position is the largest not above
 * its own, so updating a few passages reads those blocks, not the whole list. The index also keeps
 * each term's peak tf part (`term-peaks.f64`), for tighter score bounds.
 */
export const POSTINGS_PER_BLOCK = 128;

/**
 * Needed blocks with at most this many blocks between them are read as one run: a read costs
 * several microseconds (two system calls, ids and frequencies), as much as reading and scanning a
 * few thousand postings. At 1M passages 16 (2,048 postings) took about 3% less CPU than 8; 2 and 32
 * did no better than 8 within the noise.
 */
const GAP_BLOCKS = 16;

/** Blocks in a list of `size` postings. */
export function blockCount(size: number): number {
  return Math.ceil(size / POSTINGS_PER_BLOCK);
}

/**
 * Per term, where its blocks start in the block-firsts array, from the terms' posting starts;
 * one more entry than terms, the total.
 */
export function blockStarts(termStarts: Float64Array): Float64Array {
  const starts = new Float64Array(termStarts.length);
  for (let term = 0; term + 1 < termStarts.length; term++) {
    const size = (termStarts[term + 1] as number) - (termStarts[term] as number);
    starts[term + 1] = (starts[term] as number) + blockCount(size);
  }
  return starts;
}

/**
 * Copies the first position of every block of terms `first` to `last` (excluded) into `firsts`,
 * from their sorted postings (`passageIds`, which starts at posting `termStarts[first]`).
 */
export function collectBlockFirsts(
  passageIds: Uint32Array,
  termStarts: Float64Array,
  starts: Float64Array,
  first: number,
  last: number,
  firsts: Uint32Array,
): void {
  const base = termStarts[first] as number;
  for (let term = first; term < last; term++) {
    const start = termStarts[term] as number;
    const size = (termStarts[term + 1] as number) - start;
    let block = starts[term] as number;
    for (let at = 0; at < size; at += POSTINGS_PER_BLOCK)
      firsts[block++] = passageIds[start - base + at] as number;
  }
}

/**
 * Writes into `peaks`, for each of terms `first` to `last` (excluded), the largest tf part
 * ({@link saturation}) over its postings: a bound on the term's contribution to any passage, far
 * tighter than idf · (k1 + 1).
 */
export function collectTermPeaks(
  postings: { readonly passageIds: Uint32Array; readonly frequencies: Uint32Array },
  termStarts: Float64Array,
  normalisers: Float64Array,
  first: number,
  last: number,
  peaks: Float64Array,
): void {
  const { passageIds, frequencies } = postings;
  const base = termStarts[first] as number;
  for (let term = first; term < last; term++) {
    let peak = 0;
    const end = (termStarts[term + 1] as number) - base;
    for (let i = (termStarts[term] as number) - base; i < end; i++) {
      const part = saturation(frequencies[i] as number, normalisers[passageIds[i] as number] as number);
      if (part > peak) peak = part;
    }
    peaks[term] = peak;
  }
}

/** One list's skip data: its blocks' first positions from `firstBlock` in `firsts`, and its postings. */
export interface ListBlocks {
  readonly firsts: Uint32Array;
  readonly firstBlock: number;
  readonly size: number;
}

/**
 * The runs of a posting list to read so that every one of `positions` (the first `count`, in any
 * order) that the list holds is read: the block each position can be in, with needed blocks at
 * most {@link GAP_BLOCKS} apart merged into one run. With at least as many positions as blocks,
 * most blocks would be needed and the whole list is one run. Writes each run as a pair of posting
 * offsets in the list, [from, to), into `runs` (emptied first) and returns it; `marks` is scratch
 * space of at least the list's block count, all zero, and is left so.
 */
export function blockRuns(
  list: ListBlocks,
  positions: Uint32Array,
  count: number,
  marks: Uint8Array,
  runs: number[],
): number[] {
  const { firsts, firstBlock, size } = list;
  runs.length = 0;
  const blocks = blockCount(size);
  if (count >= blocks) {
    runs.push(0, size);
    return runs;
  }
  const first = firsts[firstBlock] as number;
  for (let i = 0; i < count; i++) {
    const position = positions[i] as number;
    if (position < first) continue;
    // The last block whose first position is not above this one.
    let low = 0;
    let high = blocks - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((firsts[firstBlock + middle] as number) <= position) low = middle;
      else high = middle - 1;
    }
    marks[low] = 1;
  }
  let runStart = -1;
  let runEnd = -1;
  for (let block = 0; block < blocks; block++) {
    if (marks[block] === 0) continue;
    marks[block] = 0;
    if (runEnd >= 0 && block - runEnd <= GAP_BLOCKS) {
      runEnd = block + 1;
      continue;
    }
    if (runEnd >= 0) runs.push(runStart * POSTINGS_PER_BLOCK, runEnd * POSTINGS_PER_BLOCK);
    runStart = block;
    runEnd = block + 1;
  }
  if (runEnd >= 0) runs.push(runStart * POSTINGS_PER_BLOCK, Math.min(runEnd * POSTINGS_PER_BLOCK, size));
  return runs;
}
