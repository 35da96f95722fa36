import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createKeyIndex, type KeyIndex } from '../../src/engine/calls/key-index.js';
import { createRng } from '../../src/metrics/random.js';

const root = mkdtempSync(join(tmpdir(), 'ragseam-key-index-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A seeded generator, so a failure replays. */
function seeded(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

const hex = (random: () => number, digits: number) =>
  Array.from({ length: digits }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');

/**
 * Keys of every kind the index meets: hex digests, other strings (hashed), keys sharing a 48-bit
 * prefix (48 a prefix: one run of slots longer than a probe's first read), and keys whose home is
 * among the last slots, whose runs wrap around to the first.
 */
function keyMaker(random: () => number): () => string {
  let shared = hex(random, 12);
  let sharedUses = 0;
  return () => {
    const kind = random();
    if (kind < 0.68) return hex(random, 64);
    if (kind < 0.88) return `key ${Math.floor(random() * 1e9)} ${hex(random, 3)}`;
    if (kind < 0.98) {
      if (++sharedUses % 48 === 0) shared = hex(random, 12);
      return `${shared}${hex(random, 52)}`;
    }
    return `ff${hex(random, 62)}`;
  };
}

/** The file's lines as the store sees them: each offset's key, and whether the line is intact. */
interface Line {
  key: string;
  intact: boolean;
}

/** Runs the same random puts and finds on both indexes and expects the same answers at every step. */
function replay(seed: number, steps: number, memory: KeyIndex, onFile: KeyIndex, listEvery = 500): void {
  const random = seeded(seed);
  const newKey = keyMaker(random);
  const lines = new Map<number, Line>();
  const used: string[] = [];
  let end = 0;
  const same = (key: string) => (offset: number) => lines.get(offset)?.key === key;
  const keep = (offset: number) => lines.get(offset)?.intact === true;
  for (let step = 0; step < steps; step++) {
    const known = used.length > 0 && random() < 0.3;
    const key = known ? (used[Math.floor(random() * used.length)] as string) : newKey();
    if (random() < 0.65) {
      // Offsets beyond 2^32 too, to use all 48 bits.
      end += 1 + Math.floor(random() * (random() < 0.05 ? 2 ** 33 : 300));
      lines.set(end, { key, intact: random() < 0.85 });
      if (!known) used.push(key);
      const put = memory.put(key, end, same(key), keep);
      expect(onFile.put(key, end, same(key), keep), `put ${step}`).toBe(put);
    } else {
      // Every offset offered, in order, and the one accepted: a visit that accepts its key's intact line.
      const visits = (index: KeyIndex) => {
        const offered: number[] = [];
        const found = index.find(key, (offset) => {
          offered.push(offset);
          return same(key)(offset) && keep(offset);
        });
        return JSON.stringify({ found, offered });
      };
      expect(visits(onFile), `find ${step}`).toBe(visits(memory));
    }
    expect(onFile.size).toBe(memory.size);
    if (step % listEvery === 0) expect(onFile.offsets()).toEqual(memory.offsets());
  }
  expect(onFile.offsets()).toEqual(memory.offsets());
}

describe('the key index past its memory bound', () => {
  test.each([1, 2, 3])('answers as the in-memory one through several growths on file (seed %i)', (seed) => {
    const memory = createKeyIndex(8, Number.POSITIVE_INFINITY);
    // Past 16 slots the table moves to a file: it grows there from 18 slots to several thousand.
    const onFile = createKeyIndex(8, 16);
    try {
      replay(seed, 6_000, memory, onFile);
      expect(memory.size).toBeGreaterThan(2_000);
    } finally {
      onFile.close();
      memory.close();
    }
  });

  test('a table larger than the pages a growth holds answers as the in-memory one', () => {
    const memory = createKeyIndex(1024, Number.POSITIVE_INFINITY);
    const onFile = createKeyIndex(1024, 1024);
    try {
      replay(4, 140_000, memory, onFile, 10_000);
      // Past 16 pages of 4,096 slots, a growth writes pages out and reads them back.
      expect(memory.size / 0.8).toBeGreaterThan(16 * 4096);
    } finally {
      onFile.close();
      memory.close();
    }
  });

  test('the table file is unlinked at once and closed with the index', () => {
    const temporary = join(root, 'tmp');
    mkdirSync(temporary);
    const before = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    const tableFiles = () =>
      process.platform === 'linux'
        ? readdirSync('/proc/self/fd').filter((fd) => {
            try {
              return readlinkSync(`/proc/self/fd/${fd}`).startsWith(join(temporary, 'ragseam-keys-'));
            } catch {
              return false;
            }
          })
        : [];
    try {
      const index = createKeyIndex(8, 16);
      const never = () => false;
      for (let n = 0; n < 100; n++) index.put(`key ${n}`, n * 10, never, never);
      expect(index.find('key 42', () => true)).toBe(420);
      // The file moved along as the table grew: one is open, none is left in the folder.
      expect(readdirSync(temporary)).toEqual([]);
      if (process.platform === 'linux') expect(tableFiles()).toHaveLength(1);
      index.close();
      expect(tableFiles()).toEqual([]);
      expect(readdirSync(temporary)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
});
