import { describe, expect, it } from 'vitest';
import { parseShard } from '../../src/config/resolve-options.js';
import { shardIds, shardOf } from '../../src/engine/shard.js';
import { summarizeReplay } from '../../src/metrics/replay.js';

describe('summarizeReplay', () => {
  const options = { seed: 0, resamples: 200 };
  it('is null without logged responses', () => {
    expect(summarizeReplay([], options)).toBeNull();
    expect(summarizeReplay([{}, {}], options)).toBeNull();
  });
  it('is the share of questions whose baseline matched the log, over those that have both', () => {
    const estimate = summarizeReplay(
      [{ replayMatch: true }, { replayMatch: false }, {}, { replayMatch: true }, { replayMatch: true }],
      options,
    );
    expect(estimate?.value).toBe(0.75);
    expect(estimate?.n).toBe(4);
    const [low, high] = estimate?.ci95 ?? [Number.NaN, Number.NaN];
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(1);
    expect(summarizeReplay([{ replayMatch: true }], options)).toEqual({ value: 1, ci95: [1, 1], n: 1 });
    expect(summarizeReplay([{ replayMatch: true }, { replayMatch: false }], options)).toEqual(
      summarizeReplay([{ replayMatch: true }, { replayMatch: false }], options),
    );
  });
});

describe('shards', () => {
  it('parses i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '-1/2'])
      expect(() => parseShard(bad)).toThrow('expected i/n');
  });
  it('cover every id exactly once and depend on the id alone', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ id: `q${i}` }));
    const shards = [1, 2, 3, 4].map((index) => shardIds(items, { index, count: 4 }));
    expect(shards.reduce((sum, ids) => sum + ids.size, 0)).toBe(500);
    for (const ids of shards) expect(ids.size).toBeGreaterThan(90);
    expect(shardIds([...items].reverse(), { index: 2, count: 4 })).toEqual(shards[1]);
    expect(shardOf('q7', 1)).toBe(1);
  });
});
