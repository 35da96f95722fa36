/**
 * The line each id was read on, for the duplicate-id check: the ids packed as UTF-16 in one
 * buffer and found through an open-addressing table of their hashes, about 30 bytes per short id
 * where a Map of strings takes about 80 (80 MB at a million questions).
 */
export interface IdLines {
  /** The line `id` was first read on; undefined when it is new. */
  lineOf(id: string): number | undefined;
  add(id: string, line: number): void;
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createIdLines(): IdLines {
  let text = Buffer.allocUnsafe(1 << 12);
  let used = 0;
  let ends = new Uint32Array(1024);
  let lines = new Uint32Array(1024);
  let hashes = new Uint32Array(1024);
  let count = 0;
  // Slot: entry + 1, 0 when empty; kept at most half full.
  let slots = new Int32Array(2048);

  const idAt = (entry: number) =>
    text.toString('utf16le', entry === 0 ? 0 : (ends[entry - 1] as number), ends[entry] as number);
  const find = (id: string, hash: number): { slot: number; entry: number | undefined } => {
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = slots[slot] as number;
      if (stored === 0) return { slot, entry: undefined };
      const entry = stored - 1;
      if (hashes[entry] === hash && idAt(entry) === id) return { slot, entry };
    }
  };
  const grow = () => {
    if (count >= ends.length) {
      const size = ends.length * 2;
      for (const [name, old] of [
        ['ends', ends],
        ['lines', lines],
        ['hashes', hashes],
      ] as const) {
        const larger = new Uint32Array(size);
        larger.set(old);
        if (name === 'ends') ends = larger;
        else if (name === 'lines') lines = larger;
        else hashes = larger;
      }
    }
    if (2 * (count + 1) > slots.length) {
      slots = new Int32Array(slots.length * 2);
      const mask = slots.length - 1;
      for (let entry = 0; entry < count; entry++) {
        let slot = (hashes[entry] as number) & mask;
        while (slots[slot] !== 0) slot = (slot + 1) & mask;
        slots[slot] = entry + 1;
      }
    }
  };

  return {
    lineOf(id) {
      const { entry } = find(id, hashOf(id));
      return entry === undefined ? undefined : lines[entry];
    },
    add(id, line) {
      grow();
      const hash = hashOf(id);
      const { slot } = find(id, hash);
      const bytes = Buffer.byteLength(id, 'utf16le');
      if (used + bytes > text.length) {
        const larger = Buffer.allocUnsafe(Math.max(text.length * 2, used + bytes));
        text.copy(larger, 0, 0, used);
        text = larger;
      }
      used += text.write(id, used, 'utf16le');
      ends[count] = used;
      lines[count] = line;
      hashes[count] = hash;
      slots[slot] = count + 1;
      count++;
    },
  };
}
