/**
 * A worker thread of {@link computeIntervals}: computes resample ranges of bootstrap intervals.
 * Each message names a request (sent with its units the first time this worker gets a range of
 * it) and a range; the reply carries the range's kept statistics.
 */
import { parentPort } from 'node:worker_threads';
import { type IntervalRequest, rangeResampler } from '../metrics/bootstrap.js';

/** A range to compute; `request` is present when the worker does not have it yet. */
export interface RangeTask {
  readonly index: number;
  readonly request?: IntervalRequest;
  readonly from: number;
  readonly to: number;
}

/** The kept statistics of a task's range, in order. */
export interface RangeResult {
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly statistics: Float64Array;
}

const port = parentPort;
if (port !== null) {
  // The last request's resampler: a worker is given the ranges of one request after another.
  let current: { index: number; range: (from: number, to: number) => Float64Array } | undefined;
  port.on('message', (task: RangeTask) => {
    if (task.request !== undefined) current = { index: task.index, range: rangeResampler(task.request) };
    if (current?.index !== task.index) throw new Error(`range of request ${task.index} sent without it`);
    const statistics = current.range(task.from, task.to);
    const result: RangeResult = { index: task.index, from: task.from, to: task.to, statistics };
    // Copied, not transferred: the first ArrayBuffer an isolate detaches (a transfer does) makes V8
    // check every typed-array access for detachment from then on, and the resampling loop ran 1.4
    // times slower for every range after the first.
    port.postMessage(result);
  });
}
