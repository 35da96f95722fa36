import { describe, expect, it } from 'vitest';
import {
  blockRuns,
  blockStarts,
  collectBlockFirsts,
  POSTINGS_PER_BLOCK,
} from '../../src/retrievers/bm25/posting-blocks.js';

const B = POSTINGS_PER_BLOCK;

/** The skip data of one list of passage positions, built as the index builds it. */
function listOf(passageIds: number[]) {
  const termStarts = Float64Array.from([0, passageIds.length]);
  const starts = blockStarts(termStarts);
  const firsts = new Uint32Array(starts[1] as number);
  collectBlockFirsts(Uint32Array.from(passageIds), termStarts, starts, 0, 1, firsts);
  return { firsts, firstBlock: 0, size: passageIds.length };
}

function runsFor(passageIds: number[], positions: number[], marks = new Uint8Array(1024)) {
  const runs = blockRuns(listOf(passageIds), Uint32Array.from(positions), positions.length, marks, []);
  expect(marks.every((mark) => mark === 0)).toBe(true);
  return runs;
}

/** Even positions 0, 2, 4, ...: block b holds positions 2·128·b to 2·128·(b + 1) − 2. */
const evens = (count: number) => Array.from({ length: count }, (_, i) => 2 * i);

describe('bm25 posting blocks', () => {
  it('notes the first position of every block, terms one after another', () => {
    const termStarts = Float64Array.from([0, 3, 3 + B, 3 + B + 2 * B + 1]);
    const ids = [5, 9, 11, ...evens(B), ...evens(2 * B + 1).map((p) => p + 1)];
    const starts = blockStarts(termStarts);
    expect([...starts]).toEqual([0, 1, 2, 5]);
    const firsts = new Uint32Array(5);
    // Written in two calls, as the builder writes a block of terms at a time.
    collectBlockFirsts(Uint32Array.from(ids.slice(0, 3)), termStarts, starts, 0, 1, firsts);
    collectBlockFirsts(Uint32Array.from(ids.slice(3)), termStarts, starts, 1, 3, firsts);
    expect([...firsts]).toEqual([5, 0, 1, 2 * B + 1, 4 * B + 1]);
  });

  it('reads a list shorter than a block, or of exactly one block, whole', () => {
    const short = [10, 20, 30];
    expect(runsFor(short, [10])).toEqual([0, 3]);
    expect(runsFor(short, [31, 2])).toEqual([0, 3]);
    const one = evens(B).map((p) => p + 100);
    expect(runsFor(one, [100])).toEqual([0, B]);
    expect(runsFor(one, [100 + 2 * B])).toEqual([0, B]);
  });

  it('reads nothing for positions before the first posting of a list of many blocks', () => {
    expect(
      runsFor(
        evens(5 * B).map((p) => p + 100),
        [5, 99],
      ),
    ).toEqual([]);
  });

  it('reads the block each position can be in: first and last position of a block, and the last partial block', () => {
    const list = evens(40 * B + 5); // 40 full blocks and a partial one of 5
    const blockOf = (b: number) => [b * B, (b + 1) * B];
    expect(runsFor(list, [2 * B * 20])).toEqual(blockOf(20));
    expect(runsFor(list, [2 * B * 20 - 2])).toEqual(blockOf(19));
    expect(runsFor(list, [2 * B * 20 - 1])).toEqual(blockOf(19));
    expect(runsFor(list, [2 * B * 40])).toEqual([40 * B, 40 * B + 5]);
    expect(runsFor(list, [2 * (40 * B + 4)])).toEqual([40 * B, 40 * B + 5]);
    // Past the last posting, still the last block (its end is not kept).
    expect(runsFor(list, [10 ** 6])).toEqual([40 * B, 40 * B + 5]);
    expect(runsFor(list, [0, 1])).toEqual(blockOf(0));
  });

  it('merges needed blocks with at most 16 blocks between into one run, in list order whatever the order of positions', () => {
    const list = evens(40 * B + 5);
    const at = (b: number) => 2 * B * b + 6;
    expect(runsFor(list, [at(38), at(3), at(0), at(20)])).toEqual([0, 21 * B, 38 * B, 39 * B]);
    expect(runsFor(list, [at(21), at(4)])).toEqual([4 * B, 22 * B]);
    expect(runsFor(list, [at(22), at(4), at(40)])).toEqual([
      4 * B,
      5 * B,
      22 * B,
      23 * B,
      40 * B,
      40 * B + 5,
    ]);
  });

  it('reads the whole list when there are as many positions as blocks', () => {
    const list = evens(3 * B + 1);
    expect(runsFor(list, [1, 2, 3, 4])).toEqual([0, 3 * B + 1]);
    expect(runsFor(list, [1, 2, 3])).toEqual([0, B]);
  });
});
