import { ftruncateSync, readSync, writeSync } from 'node:fs';
import { environmentError, InternalError } from '../../model/errors.js';
import { homeSlot, isEmptySlot, slotMatches, slotOffset, writeSlot } from './key-slots.js';
import { openPrivateFile, type PrivateFile } from './private-file.js';

/**
 * The slot table of a key index (key-index.ts) in a private temporary file, for an index past its
 * memory bound. The layout is the in-memory one (key-slots.ts), with linear probing from
 * `homeSlot`. Slots
 * are read and written with positional reads and writes: a probe reads 32 slots (384 bytes) at
 * once, twice as many each time its run goes on, and a put writes its one slot. The file is
 * unlinked as soon as it is open, so a killed run leaves nothing behind.
 */
export interface KeyTableFile {
  /** Slots in the table. */
  readonly capacity: number;
  /** As KeyIndex.find, for the prefix `high`, `low`. */
  find(high: number, low: number, visit: (offset: number) => boolean): number;
  /** As KeyIndex.put, for the prefix `high`, `low`: whether the earlier line was kept, replaced, or the key added. */
  put(
    high: number,
    low: number,
    offset: number,
    same: (offset: number) => boolean,
    keep: (offset: number) => boolean,
  ): 'kept' | 'replaced' | 'added';
  /** Moves the table into a new file of half as many slots again (rounded up), as the in-memory table grows. */
  grow(): void;
  /** Every offset, in table order. */
  offsets(): number[];
  /** Closes and removes the file. */
  close(): void;
}

const SLOT_BYTES = 12;
/** Slots a probe reads first; doubled, up to the maximum, while its run goes on. */
const PROBE_SLOTS = 32;
const MAX_PROBE_SLOTS = 4096;
/** Slots read at once when a table is copied or listed (768 KiB). */
const BLOCK_SLOTS = 1 << 16;
/**
 * A table being filled is held in pages of 2^12 slots (48 KiB), at most this many at a time, and
 * written a page at a time: after writes of 1 MiB the page cache holds a file in large folios
 * (Linux 6.18, ext4), and each later 12-byte write cost about 30 µs of CPU instead of 3.5.
 */
const PAGE_SHIFT = 12;
const PAGES_HELD = 16;

/** Reads `count` slots from `slot` into `into`, or writes them from it. */
function transfer(file: PrivateFile, write: boolean, slot: number, count: number, into: Uint32Array): void {
  const bytes = count * SLOT_BYTES;
  const at = slot * SLOT_BYTES;
  try {
    for (let done = 0; done < bytes; ) {
      const moved = write
        ? writeSync(file.fd, into, done, bytes - done, at + done)
        : readSync(file.fd, into, done, bytes - done, at + done);
      if (moved === 0) throw new InternalError(`the key table file ended before slot ${slot + count}`);
      done += moved;
    }
  } catch (error) {
    throw environmentError(error, file.where) ?? error;
  }
}

/**
 * A new file of `capacity` slots holding the `fromCapacity` slots that `read` gives, inserted in
 * their table order as the in-memory table grows, so both tables are laid out alike. The old table
 * is read in blocks, and the new one is filled through a few pages held in memory: an entry's home
 * moves in proportion to the table, so the pages written move along the file as the old table is read.
 */
function fillTable(
  read: (slot: number, count: number, into: Uint32Array) => void,
  fromCapacity: number,
  capacity: number,
): PrivateFile {
  const file = openPrivateFile('ragseam-keys-', 'keys.bin');
  try {
    ftruncateSync(file.fd, capacity * SLOT_BYTES);
  } catch (error) {
    file.close();
    throw environmentError(error, file.where) ?? error;
  }
  try {
    const pageSlots = 1 << PAGE_SHIFT;
    const pages = new Map<number, Uint32Array>();
    const written = new Uint8Array(Math.ceil(capacity / pageSlots));
    let lastPage = -1;
    let last: Uint32Array = new Uint32Array(0);
    const pageAt = (page: number): Uint32Array => {
      if (page === lastPage) return last;
      let held = pages.get(page);
      if (held === undefined) {
        if (pages.size === PAGES_HELD) {
          const [oldest, slots] = pages.entries().next().value as [number, Uint32Array];
          transfer(file, true, oldest * pageSlots, slots.length / 3, slots);
          written[oldest] = 1;
          pages.delete(oldest);
        }
        held = new Uint32Array(3 * Math.min(pageSlots, capacity - page * pageSlots));
        if (written[page] === 1) transfer(file, false, page * pageSlots, held.length / 3, held);
      } else pages.delete(page);
      pages.set(page, held);
      lastPage = page;
      last = held;
      return held;
    };
    const block = new Uint32Array(3 * BLOCK_SLOTS);
    for (let start = 0; start < fromCapacity; start += BLOCK_SLOTS) {
      const count = Math.min(BLOCK_SLOTS, fromCapacity - start);
      read(start, count, block);
      for (let from = 0; from < 3 * count; from += 3) {
        if (isEmptySlot(block, from)) continue;
        const high = block[from] as number;
        const word = block[from + 1] as number;
        const stored = block[from + 2] as number;
        let slot = homeSlot(high, capacity);
        for (;;) {
          const page = slot >>> PAGE_SHIFT;
          const held = pageAt(page);
          let at = 3 * (slot - page * pageSlots);
          while (at < held.length && !isEmptySlot(held, at)) at += 3;
          if (at < held.length) {
            held[at] = high;
            held[at + 1] = word;
            held[at + 2] = stored;
            break;
          }
          slot = page * pageSlots + held.length / 3;
          if (slot === capacity) slot = 0;
        }
      }
    }
    for (const [page, slots] of pages) transfer(file, true, page * pageSlots, slots.length / 3, slots);
    return file;
  } catch (error) {
    file.close();
    throw error;
  }
}

/** The table of `fromCapacity` slots in `slots`, moved into a file of `capacity` slots. */
export function moveKeyTableToFile(slots: Uint32Array, fromCapacity: number, capacity: number): KeyTableFile {
  const copy = (slot: number, count: number, into: Uint32Array) =>
    into.set(slots.subarray(3 * slot, 3 * (slot + count)));
  // A function of its own, so that no closure of the table keeps the array in memory.
  return tableOnFile(fillTable(copy, fromCapacity, capacity), capacity);
}

function tableOnFile(filled: PrivateFile, filledCapacity: number): KeyTableFile {
  let file = filled;
  let capacity = filledCapacity;
  let closed = false;
  let scratch = new Uint32Array(3 * PROBE_SLOTS);
  const one = new Uint32Array(3);
  // The offset of the last slot `walk` offered to `stop`.
  let stoppedAt = -1;
  /**
   * Walks the probe sequence of a prefix, calling `stop` with the offset of each slot of that
   * prefix until it returns true; returns that slot, or -1 - the empty slot that ends the run.
   */
  const walk = (high: number, low: number, stop: (offset: number) => boolean): number => {
    let slot = homeSlot(high, capacity);
    for (let count = PROBE_SLOTS; ; count = Math.min(2 * count, MAX_PROBE_SLOTS)) {
      const read = Math.min(count, capacity - slot);
      if (scratch.length < 3 * read) scratch = new Uint32Array(3 * read);
      transfer(file, false, slot, read, scratch);
      for (let at = 0; at < 3 * read; at += 3) {
        if (isEmptySlot(scratch, at)) return -1 - (slot + at / 3);
        if (!slotMatches(scratch, at, high, low)) continue;
        stoppedAt = slotOffset(scratch, at);
        if (stop(stoppedAt)) return slot + at / 3;
      }
      slot += read;
      if (slot === capacity) slot = 0;
    }
  };
  return {
    get capacity() {
      return capacity;
    },
    find(high, low, visit) {
      return walk(high, low, visit) >= 0 ? stoppedAt : -1;
    },
    put(high, low, offset, same, keep) {
      let kept = false;
      let slot = walk(high, low, (earlier) => {
        if (!same(earlier)) return false;
        kept = keep(earlier);
        return true;
      });
      if (slot >= 0 && kept) return 'kept';
      const added = slot < 0;
      if (added) slot = -1 - slot;
      writeSlot(one, 0, high, low, offset);
      transfer(file, true, slot, 1, one);
      return added ? 'added' : 'replaced';
    },
    grow() {
      const grown = Math.ceil(capacity * 1.5);
      const next = fillTable(
        (slot, count, into) => transfer(file, false, slot, count, into),
        capacity,
        grown,
      );
      file.close();
      file = next;
      capacity = grown;
    },
    offsets() {
      const all: number[] = [];
      const block = new Uint32Array(3 * BLOCK_SLOTS);
      for (let start = 0; start < capacity; start += BLOCK_SLOTS) {
        const count = Math.min(BLOCK_SLOTS, capacity - start);
        transfer(file, false, start, count, block);
        for (let at = 0; at < 3 * count; at += 3)
          if (!isEmptySlot(block, at)) all.push(slotOffset(block, at));
      }
      return all;
    },
    close() {
      if (closed) return;
      closed = true;
      file.close();
    },
  };
}
