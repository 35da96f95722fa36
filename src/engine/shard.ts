import { createHash } from 'node:crypto';
import type { Shard } from '../model/report.js';

/**
 * The shard a question belongs to, from a hash of its id alone: the same id lands in the same
 * shard whatever the order or size of the dataset, and n shards cover every question once.
 */
export function shardOf(id: string, count: number): number {
  const hash = createHash('sha256').update(id).digest();
  return (hash.readUInt32BE(0) % count) + 1;
}

/** The ids of the questions in a shard. */
export function shardIds(
  items: { readonly length: number; at(index: number): { readonly id: string } | undefined },
  shard: Shard,
): Set<string> {
  const ids = new Set<string>();
  for (let index = 0; index < items.length; index++) {
    const id = items.at(index)?.id;
    if (id !== undefined && shardOf(id, shard.count) === shard.index) ids.add(id);
  }
  return ids;
}
