import { bootstrapRequest, type IntervalRequest, type IntervalSource } from '../metrics/bootstrap.js';
import type { SummaryFold } from '../metrics/summary-fold.js';
import { InternalError } from '../model/errors.js';
import type { Estimate, Summary } from '../model/report.js';
import {
  computeIntervals,
  type IntervalThreadOptions,
  resamplingWork,
  THREADED_WORK,
} from './interval-threads.js';

/** Where and how a run's intervals are computed; none of it changes them. */
export interface IntervalEnvironment extends Omit<IntervalThreadOptions, 'onProgress'> {
  /** Below this much resampling work (draws) the intervals are computed in this thread. */
  readonly minWork?: number;
  readonly onProgress?: ((progress: { phase: 'intervals'; done: number; total: number }) => void) | undefined;
}

/** A summary fold's results: the summary (without the extras the runner adds) and replay agreement. */
export interface FinishedSummary {
  readonly summary: Summary;
  readonly replayAgreement: Estimate | null;
}

/**
 * The fold's summary and replay agreement, the same bit for bit as `fold.finish(options)` and
 * `fold.replayAgreement(options)`. The fold is finished twice: once to collect its interval
 * requests, and once more with their intervals, answered in the order they were asked for. When
 * the intervals are much work (a large run), worker threads compute them ({@link computeIntervals})
 * while this thread stays free to act on a signal and show progress; otherwise this thread does.
 */
export async function finishSummary(
  fold: SummaryFold,
  options: { seed: number; resamples: number },
  environment: IntervalEnvironment = {},
): Promise<FinishedSummary> {
  const requests: IntervalRequest[] = [];
  const collect: IntervalSource = (request) => {
    requests.push(request);
    return { value: null, ci95: null, n: 0 };
  };
  const finishWith = (intervals: IntervalSource) => ({
    summary: fold.finish({ ...options, intervals }),
    replayAgreement: fold.replayAgreement({ ...options, intervals }),
  });
  finishWith(collect);
  const { onProgress, minWork = THREADED_WORK, signal, threads, workerUrl, rangeWork } = environment;
  const estimates =
    resamplingWork(requests) < minWork
      ? requests.map(bootstrapRequest)
      : await computeIntervals(requests, {
          ...(signal === undefined ? {} : { signal }),
          ...(threads === undefined ? {} : { threads }),
          ...(workerUrl === undefined ? {} : { workerUrl }),
          ...(rangeWork === undefined ? {} : { rangeWork }),
          onProgress: (done, total) => onProgress?.({ phase: 'intervals', done, total }),
        });
  let next = 0;
  return finishWith((request) => {
    const asked = requests[next];
    const estimate = estimates[next++];
    if (asked?.seed !== request.seed || asked.numerators.length !== request.numerators.length || !estimate)
      throw new InternalError('the summary asked for its intervals in another order the second time');
    return estimate;
  });
}
