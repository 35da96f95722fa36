import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { computeIntervals } from '../../src/engine/interval-threads.js';
import { finishSummary } from '../../src/engine/summary-intervals.js';
import { bootstrapRequest, type IntervalRequest } from '../../src/metrics/bootstrap.js';
import { createRng } from '../../src/metrics/random.js';
import { createSummaryFold } from '../../src/metrics/summary-fold.js';
import { InterruptedError } from '../../src/model/errors.js';
import type { Estimate } from '../../src/model/report.js';
import { syntheticQuestion } from '../helpers/reports.js';

// The worker runs as node runs it, from dist/ (built by `npm run build`, as the e2e tests need).
const WORKER = join(import.meta.dirname, '../../dist/engine/interval-worker.js');
const workerUrl = pathToFileURL(WORKER);

/** Both interval ends as the bits of their doubles, and the rest of the estimate. */
function bits(estimate: Estimate) {
  const ends = (estimate.ci95 ?? []).map((x) => Buffer.from(new Float64Array([x]).buffer).toString('hex'));
  return { value: estimate.value, n: estimate.n, ends };
}

/** Requests of `n` units: a mean of few values (codes), one of many (float64) and a ratio. */
function requestsOf(n: number, resamples: number, seed: number): IntervalRequest[] {
  const rng = createRng(seed);
  const few = Array.from({ length: n }, () => Math.floor(rng.next() * 5) / 4);
  const many = Array.from({ length: n }, () => Math.sqrt(2 + rng.next() * 5) - 1.5);
  const weights = Array.from({ length: n }, () => Math.floor(rng.next() * 3));
  const ones = new Uint8Array(n).fill(1);
  return [
    { numerators: few, denominators: ones, seed: seed + 1, resamples },
    { numerators: many, denominators: ones, seed: seed + 2, resamples },
    { numerators: few, denominators: weights, seed: seed + 3, resamples },
  ];
}

describe('computeIntervals: the bootstrap in worker threads', () => {
  // Ranges of about 2,000 draws: every request is split, into ranges that do not divide evenly.
  test.each([
    [1, 1, 7],
    [2, 1, 1],
    [2, 40, 97],
    [3, 40, 1000],
    [2, 700, 101],
    [3, 3_000, 61],
  ])('%i threads, %i units, %i resamples: the same intervals bit for bit', async (threads, n, resamples) => {
    const requests = requestsOf(n, resamples, n * 31 + resamples);
    const threaded = await computeIntervals(requests, { threads, workerUrl, rangeWork: 2_000 });
    expect(threaded.map(bits)).toEqual(requests.map((request) => bits(bootstrapRequest(request))));
  });

  test('an empty request or one with no denominator is null, as in-process', async () => {
    const requests = [
      { numerators: [], denominators: [], seed: 1, resamples: 50 },
      { numerators: [1, 2], denominators: [0, 0], seed: 2, resamples: 50 },
      ...requestsOf(10, 50, 3),
    ];
    const threaded = await computeIntervals(requests, { threads: 2, workerUrl, rangeWork: 100 });
    expect(threaded).toEqual(requests.map(bootstrapRequest));
    expect(threaded[0]).toEqual({ value: null, ci95: null, n: 0 });
  });

  test('reports progress in resamples, ending at all of them', async () => {
    const requests = requestsOf(50, 30, 9);
    const seen: [number, number][] = [];
    await computeIntervals(requests, {
      threads: 2,
      workerUrl,
      rangeWork: 500,
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen[0]).toEqual([0, 90]);
    expect(seen.at(-1)).toEqual([90, 90]);
    expect(seen.every(([done], k) => k === 0 || done > (seen[k - 1] as [number, number])[0])).toBe(true);
  });

  test('an abort stops the workers and rejects with its reason, before the work is done', async () => {
    // About 10^10 draws: minutes of work, stopped at the first range that comes back.
    const requests = requestsOf(100_000, 100_000, 4);
    const controller = new AbortController();
    const reason = new InterruptedError('interrupted');
    const seen: number[] = [];
    const run = computeIntervals(requests, {
      threads: 2,
      workerUrl,
      rangeWork: 200_000,
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done > 0) controller.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(seen).toHaveLength(2);
  });

  test('an aborted signal rejects at once', async () => {
    const controller = new AbortController();
    controller.abort(new InterruptedError('interrupted'));
    await expect(
      computeIntervals(requestsOf(10, 10, 1), { workerUrl, signal: controller.signal }),
    ).rejects.toBeInstanceOf(InterruptedError);
  });

  test('a summary fold finished with threads is the one finished in-process, bit for bit', async () => {
    const fold = createSummaryFold();
    for (let k = 0; k < 300; k++) {
      const altering = [k % 3 === 0, k % 5 === 0, k % 7 === 0] as const;
      fold.add(
        syntheticQuestion({ id: `q${k}`, altering, influence: [k % 2 === 0, k % 3 === 1, k % 4 === 2] }),
      );
    }
    const options = { seed: 17, resamples: 333 };
    const progress: number[] = [];
    const threaded = await finishSummary(fold, options, {
      minWork: 0,
      threads: 2,
      workerUrl,
      rangeWork: 5_000,
      onProgress: ({ done }) => progress.push(done),
    });
    const here = { summary: fold.finish(options), replayAgreement: fold.replayAgreement(options) };
    // JSON keeps every bit of a double (the shortest string that reads back to it).
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(here));
    expect(progress.length).toBeGreaterThan(20);
    // Below the threshold the fold is finished here, with no workers.
    expect(JSON.stringify(await finishSummary(fold, options))).toBe(JSON.stringify(here));
  });
});
