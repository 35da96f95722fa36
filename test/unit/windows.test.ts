import { describe, expect, it } from 'vitest';
import { forEachInSlices, inWindows, mapInSlices, SLICE } from '../../src/engine/windows.js';

describe('mapInSlices', () => {
  it('maps every item in order, with its index', async () => {
    const items = Array.from({ length: 3 * SLICE + 5 }, (_, i) => i * 10);
    expect(await mapInSlices(items, (item, index) => `${index}:${item}`)).toEqual(
      items.map((item, index) => `${index}:${item}`),
    );
    expect(await mapInSlices([], () => 1)).toEqual([]);
  });

  it('lets due I/O callbacks run between slices, never inside one', async () => {
    const seen: string[] = [];
    const items = Array.from({ length: 2 * SLICE + 1 }, (_, i) => i);
    // Queued before mapping starts, so it is due at the first turn of the event loop.
    setImmediate(() => seen.push('io'));
    await forEachInSlices(items, (item) => seen.push(String(item)));
    const at = seen.indexOf('io');
    expect(at).toBe(SLICE);
    expect(seen.filter((entry) => entry !== 'io')).toEqual(items.map(String));
  });
});

describe('inWindows', () => {
  it('takes each window in order, awaiting a take that is asynchronous', async () => {
    const taken: number[][] = [];
    await inWindows(
      [1, 2, 3, 4, 5],
      2,
      async (window) => window.map((n) => n * n),
      async (results) => {
        await new Promise((resolve) => setImmediate(resolve));
        taken.push(results);
      },
      (work) => work,
    );
    expect(taken).toEqual([[1, 4], [9, 16], [25]]);
  });
});
