import { statSync } from 'node:fs';
import type { CallCounts } from './calls/scheduler.js';

/** When a cache file was first and last written before this run, or undefined when it is new. */
export function writtenBetween(file: string | undefined): { first: Date; last: Date } | undefined {
  if (file === undefined) return undefined;
  try {
    const stats = statSync(file);
    if (stats.size === 0) return undefined;
    const first = stats.birthtimeMs > 0 ? stats.birthtime : stats.ctime;
    return { first, last: stats.mtime };
  } catch {
    return undefined;
  }
}

const day = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');

/**
 * Says so when more than half of a run's answers came from the cache: they may be answers of a
 * generator that has changed in a way its fingerprint cannot see (a model file, a module, an
 * environment variable).
 */
export function noteCacheReuse(
  counts: CallCounts,
  file: string | undefined,
  written: { first: Date; last: Date } | undefined,
  notify: ((message: string) => void) | undefined,
): void {
  const total = counts.cacheHits + counts.liveCalls;
  if (notify === undefined || file === undefined || written === undefined || counts.cacheHits * 2 <= total)
    return;
  notify(
    `${counts.cacheHits} of ${total} answers came from the cache ${file}, written ${day(written.first)} to ${day(written.last)} UTC; if the generator has changed since, run with --cache-salt <text> or --no-cache`,
  );
}
