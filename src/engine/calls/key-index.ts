import { homeSlot as home, isEmptySlot, slotMatches, slotOffset, writeSlot } from './key-slots.js';
import { type KeyTableFile, moveKeyTableToFile } from './key-table-file.js';

/**
 * The index of a cache file: an open-addressing hash table (linear probing) in one typed array,
 * from a 48-bit prefix of each key to the byte offset of its line. Twelve bytes a slot (32 bits of
 * key, then 16 bits of key and 48 of offset), kept between 8/15 and 4/5 full, so 15 to 23 bytes an
 * entry, where a Map of key strings costs over 150. Past a bound ({@link MEMORY_SLOTS}) the table
 * moves to a private temporary file (key-table-file.ts), laid out and probed alike, so a cache of
 * millions of entries holds a few kilobytes of it in memory. The prefix only narrows the search:
 * the full key is in the line, and the caller checks it, so two keys that share a prefix both stay
 * findable.
 */
export interface KeyIndex {
  /** Entries (lines indexed). */
  readonly size: number;
  /**
   * Offsets of the entries whose prefix is the key's, in insertion order, until `visit` returns
   * true; returns the offset it accepted, or -1.
   */
  find(key: string, visit: (offset: number) => boolean): number;
  /**
   * Indexes a line at `offset` for `key`. `same` tells whether an entry of the same prefix is this
   * key's (reading its line); `keep` whether that earlier line stays (it is intact). Returns false
   * when an earlier line of the key was kept.
   */
  put(
    key: string,
    offset: number,
    same: (offset: number) => boolean,
    keep: (offset: number) => boolean,
  ): boolean;
  /** Every indexed offset, in table order. */
  offsets(): number[];
  /** Removes the table's temporary file, if it has one; the index is not used afterwards. */
  close(): void;
}

/** Slots the table holds in memory at most (24 MiB); a table grown past it moves to a file. */
export const MEMORY_SLOTS = 1 << 21;

/** The value of a lower-case hex digit, or -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** The 48-bit prefix of a key as [high 32 bits, low 16 bits]: a hex key's first 12 digits, else a hash. */
function prefixOf(key: string, out: Uint32Array): void {
  let high = 0;
  let low = 0;
  let digits = 0;
  for (; digits < 12 && digits < key.length; digits++) {
    const digit = hexDigit(key.charCodeAt(digits));
    if (digit === -1) break;
    if (digits < 8) high = high * 16 + digit;
    else low = low * 16 + digit;
  }
  if (digits === 12) {
    out[0] = high;
    out[1] = low;
    return;
  }
  // Two FNV-1a style hashes with different primes, for keys that are not hex digests.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  out[0] = a >>> 0;
  out[1] = (b >>> 16) & 0xffff;
}

/** An empty index; it grows by half when four fifths full, into a file past `memorySlots` slots. */
export function createKeyIndex(initialSlots = 1024, memorySlots = MEMORY_SLOTS): KeyIndex {
  let capacity = initialSlots;
  let slots = new Uint32Array(3 * capacity);
  let size = 0;
  let onFile: KeyTableFile | undefined;
  const prefix = new Uint32Array(2);
  const next = (slot: number) => (slot + 1 === capacity ? 0 : slot + 1);
  // The slot layout: key-slots.ts.
  const offsetAt = (slot: number) => slotOffset(slots, 3 * slot);
  const isEmpty = (slot: number) => isEmptySlot(slots, 3 * slot);
  const matches = (slot: number) => slotMatches(slots, 3 * slot, prefix[0] as number, prefix[1] as number);
  const write = (slot: number, high: number, low: number, offset: number) =>
    writeSlot(slots, 3 * slot, high, low, offset);
  const grow = () => {
    const old = slots;
    const grown = Math.ceil(capacity * 1.5);
    if (grown > memorySlots) {
      onFile = moveKeyTableToFile(old, capacity, grown);
      slots = new Uint32Array(0);
      capacity = grown;
      return;
    }
    capacity = grown;
    slots = new Uint32Array(3 * capacity);
    for (let from = 0; from < old.length; from += 3) {
      if (isEmptySlot(old, from)) continue;
      let slot = home(old[from] as number, capacity);
      while (!isEmpty(slot)) slot = next(slot);
      slots[3 * slot] = old[from] as number;
      slots[3 * slot + 1] = old[from + 1] as number;
      slots[3 * slot + 2] = old[from + 2] as number;
    }
  };
  const putOnFile = (
    table: KeyTableFile,
    offset: number,
    same: (offset: number) => boolean,
    keep: (offset: number) => boolean,
  ) => {
    const done = table.put(prefix[0] as number, prefix[1] as number, offset, same, keep);
    if (done === 'kept') return false;
    if (done === 'added' && ++size * 5 > table.capacity * 4) table.grow();
    return true;
  };
  return {
    get size() {
      return size;
    },
    find(key, visit) {
      prefixOf(key, prefix);
      if (onFile !== undefined) return onFile.find(prefix[0] as number, prefix[1] as number, visit);
      for (let slot = home(prefix[0] as number, capacity); !isEmpty(slot); slot = next(slot)) {
        if (matches(slot)) {
          const offset = offsetAt(slot);
          if (visit(offset)) return offset;
        }
      }
      return -1;
    },
    put(key, offset, same, keep) {
      if (offset + 1 >= 2 ** 48) throw new RangeError('cache file offset beyond 2^48 bytes');
      prefixOf(key, prefix);
      if (onFile !== undefined) return putOnFile(onFile, offset, same, keep);
      let slot = home(prefix[0] as number, capacity);
      for (; !isEmpty(slot); slot = next(slot)) {
        if (!matches(slot)) continue;
        const earlier = offsetAt(slot);
        if (!same(earlier)) continue;
        // A key seen twice (a torn line, then the call made again) keeps its first intact line.
        if (keep(earlier)) return false;
        write(slot, prefix[0] as number, prefix[1] as number, offset);
        return true;
      }
      write(slot, prefix[0] as number, prefix[1] as number, offset);
      size++;
      if (size * 5 > capacity * 4) grow();
      return true;
    },
    offsets() {
      if (onFile !== undefined) return onFile.offsets();
      const all: number[] = [];
      for (let slot = 0; slot < capacity; slot++) if (!isEmpty(slot)) all.push(offsetAt(slot));
      return all;
    },
    close() {
      onFile?.close();
    },
  };
}
