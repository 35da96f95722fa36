import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bootstrapRequest, estimateFrom, type IntervalRequest, ratioOf } from '../metrics/bootstrap.js';
import { InternalError } from '../model/errors.js';
import type { Estimate } from '../model/report.js';
import type { RangeResult, RangeTask } from './interval-worker.js';

/**
 * The work of resampling, in draws: each resample draws n units, plus a fixed cost of about 32
 * draws (filling the buffer, the ratio, keeping it).
 */
export function resamplingWork(requests: readonly IntervalRequest[]): number {
  let work = 0;
  for (const { numerators, resamples } of requests) work += resamples * (numerators.length + 32);
  return work;
}

/**
 * Below this much work (draws, {@link resamplingWork}) the intervals are computed in this thread:
 * two workers took about 100 ms to start (170 ms of CPU), and 2^28 draws take about 1 s on one
 * core. A 10,000-question run's intervals (2.2 x 10^8) stay in-process; 100,000 questions' do not.
 */
export const THREADED_WORK = 2 ** 28;

/** A range is about this many draws: small enough to share out evenly and report progress often. */
const RANGE_WORK = 2 ** 24;

export interface IntervalThreadOptions {
  /** Worker threads to use; default: the processors node may use. */
  readonly threads?: number;
  /** Stops the workers and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Resamples done so far, of all the requests'. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The worker script; default: interval-worker.js beside this module (in dist/). */
  readonly workerUrl?: URL;
  /** About how many draws a range is; smaller ranges share out more evenly (tests split finely). */
  readonly rangeWork?: number;
}

/** The ranges a request's resamples are split into, in order. */
function rangesOf(request: IntervalRequest, rangeWork: number): { from: number; to: number }[] {
  const { resamples } = request;
  const perRange = Math.max(1, Math.floor(rangeWork / (request.numerators.length + 32)));
  const count = Math.ceil(resamples / perRange);
  const ranges: { from: number; to: number }[] = [];
  for (let k = 0; k < count; k++)
    ranges.push({ from: Math.floor((k * resamples) / count), to: Math.floor(((k + 1) * resamples) / count) });
  return ranges;
}

/**
 * Each request's estimate, the same bit for bit as {@link bootstrapRequest}'s, with the resampling
 * shared out across worker threads by resample ranges (each range's generator started at its own
 * point of the request's sequence); this thread only hands out ranges and sorts, so its event loop
 * stays free (a signal is acted on at once). The ranges come back in any order; each request's
 * statistics are put together in range order.
 */
export function computeIntervals(
  requests: readonly IntervalRequest[],
  options: IntervalThreadOptions = {},
): Promise<Estimate[]> {
  const { signal, onProgress } = options;
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  const estimates: (Estimate | undefined)[] = [];
  const tasks: { index: number; from: number; to: number }[] = [];
  const pending = requests.map((request, index) => {
    const ratio = ratioOf(request);
    // No units or no denominator: no resampling, the estimate is null.
    if (ratio === undefined) {
      estimates[index] = bootstrapRequest(request);
      return undefined;
    }
    const ranges = rangesOf(request, options.rangeWork ?? RANGE_WORK);
    for (const range of ranges) tasks.push({ index, ...range });
    return { ratio, statistics: new Map<number, Float64Array>(), ranges: ranges.length };
  });
  if (tasks.length === 0) return Promise.resolve(estimates as Estimate[]);
  const total = tasks.reduce((sum, task) => sum + task.to - task.from, 0);
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), tasks.length));
  const url = options.workerUrl ?? new URL('./interval-worker.js', import.meta.url);

  onProgress?.(0, total);
  return new Promise<Estimate[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let left = tasks.length;
    let settled = false;
    const stop = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      if (error === undefined) resolve(estimates as Estimate[]);
      else reject(error);
    };
    const onAbort = () => stop(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    // The request each worker was last sent: its units go with a worker's first range of it only.
    const given: (number | undefined)[] = [];
    const handOut = (slot: number) => {
      const task = tasks[next++];
      if (task === undefined) return;
      const message: RangeTask =
        given[slot] === task.index ? task : { ...task, request: requests[task.index] as IntervalRequest };
      given[slot] = task.index;
      workers[slot]?.postMessage(message);
    };
    const receive = (slot: number, result: RangeResult) => {
      const request = pending[result.index];
      if (settled || request === undefined) return;
      request.statistics.set(result.from, result.statistics);
      done += result.to - result.from;
      left--;
      handOut(slot);
      if (request.statistics.size === request.ranges) {
        const parts = [...request.statistics].sort(([a], [b]) => a - b).map(([, part]) => part);
        const all = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
        let at = 0;
        for (const part of parts) {
          all.set(part, at);
          at += part.length;
        }
        estimates[result.index] = estimateFrom(request.ratio, all);
        pending[result.index] = undefined;
      }
      onProgress?.(done, total);
      if (left === 0) stop();
    };
    for (let slot = 0; slot < threads; slot++) {
      const worker = new Worker(url);
      workers.push(worker);
      worker.on('message', (result: RangeResult) => receive(slot, result));
      worker.on('error', (error) => stop(error));
      worker.on('exit', (code) => {
        if (!settled)
          stop(new InternalError(`an interval worker exited (code ${code}) before its work was done`));
      });
      handOut(slot);
    }
  });
}
