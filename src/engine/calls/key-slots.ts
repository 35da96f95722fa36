/**
 * The slot layout of a key index's table, in memory (key-index.ts) and on a file
 * (key-table-file.ts) alike: three 32-bit words a slot (the prefix's high 32 bits; its low 16 bits
 * above the stored offset's high 16; the stored offset's low 32), offsets stored plus one so that
 * an empty slot is all zeros. `at` is a slot's first word (three times its number, in the table
 * or block at hand).
 */

const TWO_32 = 2 ** 32;

/** The first slot to probe for a prefix: its high bits scaled to the table (any size, not only powers of two). */
export function homeSlot(high: number, capacity: number): number {
  return Math.floor(((high >>> 12) * capacity) / 1048576);
}

/** Whether the slot at `at` holds no entry. */
export function isEmptySlot(words: Uint32Array, at: number): boolean {
  return ((words[at + 1] as number) & 0xffff) === 0 && words[at + 2] === 0;
}

/** Whether the slot at `at` holds the prefix `high`, `low`. */
export function slotMatches(words: Uint32Array, at: number, high: number, low: number): boolean {
  return words[at] === high && (words[at + 1] as number) >>> 16 === low;
}

/** The line offset the slot at `at` holds. */
export function slotOffset(words: Uint32Array, at: number): number {
  return ((words[at + 1] as number) & 0xffff) * TWO_32 + (words[at + 2] as number) - 1;
}

/** Writes the prefix `high`, `low` and a line offset into the slot at `at`. */
export function writeSlot(words: Uint32Array, at: number, high: number, low: number, offset: number): void {
  const stored = offset + 1;
  words[at] = high;
  words[at + 1] = ((low << 16) | Math.floor(stored / TWO_32)) >>> 0;
  words[at + 2] = stored >>> 0;
}
