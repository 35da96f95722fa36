import type { BatchGenerator, Generation, GenerationRequest, Generator } from '../../generators/types.js';
import { isBatchGenerator } from '../../generators/types.js';
import { describeError } from '../../model/errors.js';
import { type AnswerCache, cacheKey } from './answer-cache.js';
import { FailureStreak, RateLimiter, withRetries } from './retry.js';

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
  /** Upper bound on one wait between attempts, `Retry-After` included (default 60 s). */
  readonly maxBackoffMs?: number;
  /** At most this many attempts start per minute (`--rate-limit`); undefined: no limit. */
  readonly rateLimitPerMinute?: number | undefined;
  /** Stop the run (fatal) after this many failed attempts in a row (default: never). */
  readonly maxConsecutiveFailures?: number | undefined;
  /** Called whenever a call settles; `failed` when it ended in an error. */
  readonly onSettled?: (failed: boolean) => void;
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
  /** Prompt length in the generator's units (batching generators); groups similar prompts. */
  readonly size: number;
  resolve(result: CallResult): void;
  reject(error: unknown): void;
}

/** A batching generator's pending calls are sorted by prompt length this many batches at a time. */
const WINDOW_BATCHES = 64;

/**
 * Runs generator calls: cache first, identical calls shared, at most `concurrency` in flight,
 * batched when the generator can take batches (calls of similar prompt length together, so
 * batches carry little padding), retried with exponential backoff. A fatal provider
 * error rejects every call; other failures settle as `{ error }` so the probe records them.
 */
export class CallScheduler {
  readonly counts: CallCounts = { cacheHits: 0, liveCalls: 0, retried: 0 };
  // A FIFO with a head index: shifting a long array per call would make scheduling quadratic.
  private queue: Job[] = [];
  private queueHead = 0;
  // Calls taken from the queue for batching, sorted by size; batches are cut from its front.
  private window: Job[] = [];
  private pumpScheduled = false;
  private readonly inFlight = new Map<string, Promise<CallResult>>();
  private active = 0;
  private fatal: unknown;
  private readonly streak: FailureStreak | undefined;
  private readonly limiter: RateLimiter | undefined;

  constructor(
    private readonly generator: Generator,
    private readonly cache: AnswerCache,
    private readonly options: SchedulerOptions,
  ) {
    const { maxConsecutiveFailures, rateLimitPerMinute } = options;
    this.streak =
      maxConsecutiveFailures === undefined
        ? undefined
        : new FailureStreak(maxConsecutiveFailures, `${generator.id} generator`);
    this.limiter = rateLimitPerMinute === undefined ? undefined : new RateLimiter(rateLimitPerMinute);
  }

  call(request: GenerationRequest): Promise<CallResult> {
    const key = cacheKey(this.generator, request);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.counts.cacheHits++;
      this.options.onSettled?.(false);
      return Promise.resolve({ generation: cached });
    }
    const shared = this.inFlight.get(key);
    if (shared !== undefined) {
      this.counts.cacheHits++;
      return shared.then((result) => {
        this.options.onSettled?.('error' in result);
        return result;
      });
    }
    const promise = new Promise<CallResult>((resolve, reject) => {
      if (this.fatal !== undefined) return reject(this.fatal);
      const size = this.batchSize > 1 ? (this.generator as BatchGenerator).measure(request) : 0;
      this.queue.push({ key, request, size, resolve, reject });
      this.schedulePump();
    });
    this.inFlight.set(key, promise);
    const settle = (failed: boolean) => {
      this.inFlight.delete(key);
      this.options.onSettled?.(failed);
    };
    promise.then(
      (result) => settle('error' in result),
      () => settle(true),
    );
    return promise;
  }

  private get batchSize(): number {
    return isBatchGenerator(this.generator) ? Math.max(1, this.generator.maxBatchSize) : 1;
  }

  /**
   * Pumps once the current synchronous burst of calls is queued, so that the first batch is
   * full and the window sees them all.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** The next calls to send: one call, or a batch of calls of similar size. */
  private nextJobs(): Job[] {
    const batchSize = this.batchSize;
    if (this.window.length === 0) {
      const end = this.queueHead + (batchSize > 1 ? batchSize * WINDOW_BATCHES : 1);
      this.window = this.queue.slice(this.queueHead, end);
      this.queueHead += this.window.length;
      if (this.queueHead === this.queue.length) {
        this.queue = [];
        this.queueHead = 0;
      } else if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
        // A queue that never drains (the runner keeps feeding it) would hold every call it ever
        // ran: drop the front once it is most of the array (amortised, like the head index).
        this.queue = this.queue.slice(this.queueHead);
        this.queueHead = 0;
      }
      // Stable: equal sizes keep their queue order, so batches are the same on every run.
      if (batchSize > 1) this.window.sort((a, b) => a.size - b.size);
    }
    return this.window.splice(0, batchSize);
  }

  private pump(): void {
    while (
      this.active < this.options.concurrency &&
      (this.window.length > 0 || this.queueHead < this.queue.length)
    ) {
      const jobs = this.nextJobs();
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
      const waiting = [...this.window, ...this.queue.slice(this.queueHead)];
      this.window = [];
      this.queue = [];
      this.queueHead = 0;
      for (const job of waiting) job.reject(error);
    }
  }

  /** One request or batch with retries; throws only when the run must stop. */
  private async attempt(requests: GenerationRequest[]): Promise<CallResult[]> {
    const { signal, retries, backoffMs, random, maxBackoffMs = 60_000 } = this.options;
    const outcome = await withRetries(
      () =>
        requests.length > 1 && isBatchGenerator(this.generator)
          ? this.generator.generateBatch(requests, signal)
          : this.generator
              .generate(requests[0] as GenerationRequest, signal)
              .then((generation) => [generation]),
      {
        policy: { retries, backoffMs, maxBackoffMs, random },
        signal,
        streak: this.streak,
        limiter: this.limiter,
        onAttempt: () => {
          this.counts.liveCalls += requests.length;
        },
        onRetry: () => {
          this.counts.retried++;
        },
      },
    );
    if ('error' in outcome) return requests.map(() => ({ error: describeError(outcome.error) }));
    return outcome.value.map((generation) => ({ generation }));
  }
}
