import { createHash } from 'node:crypto';
import { UsageError } from '../model/errors.js';
import type { Shard } from '../model/report.js';

/** Parses `--shard i/n` (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard ${text}: expected i/n with 1 <= i <= n, e.g. --shard 2/4`);
  }
  return { index, count };
}

/**
 * The shard a question belongs to, from a hash of its id alone: the same id lands in the same
 * shard whatever the order or size of the dataset, and n shards cover every question once.
 */
export function shardOf(id: string, count: number): number {
  const hash = createHash('sha256').update(id).digest();
  return (hash.readUInt32BE(0) % count) + 1;
}

/** The ids of the questions in a shard. */
export function shardIds(items: readonly { id: string }[], shard: Shard): Set<string> {
  return new Set(
    items.filter((item) => shardOf(item.id, shard.count) === shard.index).map((item) => item.id),
  );
}
