import type { Generation, GenerationRequest, Generator } from '../generators/types.js';
import { isBatchGenerator } from '../generators/types.js';
import { type AnswerCache, cacheKey } from './cache.js';
import { describeError, ProviderError } from './errors.js';

/** The result of one call: an answer, or the error that remained after the retries. */
export type CallResult = { readonly generation: Generation } | { readonly error: string };

export interface SchedulerOptions {
  /** Calls (or batches) in flight at once. */
  readonly concurrency: number;
  /** Extra attempts after a failed call (non-fatal provider errors only). */
  readonly retries: number;
  /** First backoff in ms; doubles per attempt, with full jitter from `random`. */
  readonly backoffMs: number;
  readonly random: () => number;
  readonly signal: AbortSignal;
  /** Called whenever a call settles. */
  readonly onSettled?: () => void;
}

/** Counts for the run section of the report. */
export interface CallCounts {
  /** Calls answered from the cache or by an identical call in this run. */
  cacheHits: number;
  /** Calls sent to the generator (a batch counts each request). */
  liveCalls: number;
  /** Attempts that failed and were retried. */
  retried: number;
}

interface Job {
  readonly key: string;
  readonly request: GenerationRequest;
  resolve(result: CallResult): void;
  reject(error: unknown): void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs generator calls: cache first, identical calls shared, at most `concurrency` in flight,
 * batched when the generator can take batches, retried with exponential backoff. A fatal provider
 * error rejects every call; other failures settle as `{ error }` so the probe records them.
 */
export class CallScheduler {
  readonly counts: CallCounts = { cacheHits: 0, liveCalls: 0, retried: 0 };
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<string, Promise<CallResult>>();
  private active = 0;
  private fatal: unknown;

  constructor(
    private readonly generator: Generator,
    private readonly cache: AnswerCache,
    private readonly options: SchedulerOptions,
  ) {}

  call(request: GenerationRequest): Promise<CallResult> {
    const key = cacheKey(this.generator, request);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.counts.cacheHits++;
      this.options.onSettled?.();
      return Promise.resolve({ generation: cached });
    }
    const shared = this.inFlight.get(key);
    if (shared !== undefined) {
      this.counts.cacheHits++;
      return shared.then((result) => {
        this.options.onSettled?.();
        return result;
      });
    }
    const promise = new Promise<CallResult>((resolve, reject) => {
      if (this.fatal !== undefined) return reject(this.fatal);
      this.queue.push({ key, request, resolve, reject });
      this.pump();
    });
    this.inFlight.set(key, promise);
    const settle = () => {
      this.inFlight.delete(key);
      this.options.onSettled?.();
    };
    promise.then(settle, settle);
    return promise;
  }

  private pump(): void {
    const batchSize = isBatchGenerator(this.generator) ? Math.max(1, this.generator.maxBatchSize) : 1;
    while (this.active < this.options.concurrency && this.queue.length > 0) {
      const jobs = this.queue.splice(0, batchSize);
      this.active++;
      void this.runJobs(jobs).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async runJobs(jobs: Job[]): Promise<void> {
    try {
      const results = await this.attempt(jobs.map((job) => job.request));
      jobs.forEach((job, index) => {
        const result = results[index] as CallResult;
        if ('generation' in result) this.cache.set(job.key, result.generation);
        job.resolve(result);
      });
    } catch (error) {
      if (this.fatal === undefined) this.fatal = error;
      for (const job of jobs) job.reject(error);
      for (const job of this.queue.splice(0)) job.reject(error);
    }
  }

  /** One request or batch with retries; throws only when the run must stop. */
  private async attempt(requests: GenerationRequest[]): Promise<CallResult[]> {
    const { signal, retries, backoffMs, random } = this.options;
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw signal.reason;
      try {
        this.counts.liveCalls += requests.length;
        const generations =
          requests.length > 1 && isBatchGenerator(this.generator)
            ? await this.generator.generateBatch(requests, signal)
            : [await this.generator.generate(requests[0] as GenerationRequest, signal)];
        return generations.map((generation) => ({ generation }));
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!(error instanceof ProviderError) || error.fatal) throw error;
        if (attempt >= retries) return requests.map(() => ({ error: describeError(error) }));
        this.counts.retried++;
        await sleep(random() * backoffMs * 2 ** attempt, signal);
      }
    }
  }
}
