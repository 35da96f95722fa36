/** How the runner works through a list: a bounded number of tasks at once, or window by window. */

/** Questions planned, called and scored together (at least; more at high concurrency). */
export const PROBE_WINDOW = 256;

/** Questions planned or scored between two turns of the event loop (see {@link mapInSlices}). */
export const SLICE = 16;

/** Lets the I/O callbacks that are due run (answers read, requests sent), then goes on. */
export function yieldToIO(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * `items.map(map)`, letting I/O run after every {@link SLICE} items. Planning or scoring a window
 * of questions takes tens of milliseconds; done in one go, it leaves a fast generator with only
 * the calls already sent (at most the concurrency), so it sits idle until the window is done.
 */
export async function mapInSlices<T, R>(
  items: readonly T[],
  map: (item: T, index: number) => R,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    if (index > 0 && index % SLICE === 0) await yieldToIO();
    results[index] = map(items[index] as T, index);
  }
  return results;
}

/** {@link mapInSlices} for its effects only. */
export async function forEachInSlices<T>(items: readonly T[], visit: (item: T) => void): Promise<void> {
  await mapInSlices(items, visit);
}

export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Runs `task` on every index below `count`, at most `concurrency` at once. */
export async function forEachConcurrent(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * Runs `work` on consecutive windows of `list` and gives each window's results to `take`, in
 * order. Two windows are in flight: the next one's calls keep the generator busy while the
 * results of one are taken.
 */
export async function inWindows<T, R>(
  list: readonly T[],
  size: number,
  work: (window: readonly T[]) => Promise<R[]>,
  take: (results: R[], window: readonly T[]) => void | Promise<void>,
  guard: <V>(work: Promise<V>) => Promise<V>,
): Promise<void> {
  let pending: { window: readonly T[]; results: Promise<R[]> } | undefined;
  for (let start = 0; start < list.length; start += size) {
    const window = list.slice(start, start + size);
    const next = { window, results: work(window) };
    // A failure is reported when that window's turn comes, not as an unhandled rejection meanwhile.
    next.results.catch(() => {});
    if (pending !== undefined) await take(await guard(pending.results), pending.window);
    pending = next;
  }
  if (pending !== undefined) await take(await guard(pending.results), pending.window);
}
