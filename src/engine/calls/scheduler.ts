import type {
  Generation,
  GenerationRequest,
  Generator,
  ScoreRequest,
  ScoringGenerator,
} from '../../generators/types.js';
import { isBatchGenerator } from '../../generators/types.js';
import { describeError } from '../../model/errors.js';
import { answerKeys } from './answer-cache.js';
import type { KeyValueStore } from './jsonl-store.js';
import { FailureStreak, RateLimiter, type RetryContext, withRetries } from './retry.js';
import { scoreKeys } from './score-cache.js';

/** The result of one call: its value, or the error that remained after the retries. */
export type CallOutcome<V> = { readonly value: V } | { readonly error: string };
/** The result of one generator call. */
export type CallResult = CallOutcome<Generation>;

/** One kind of call the scheduler makes for a generator: answers, or scores of given answers. */
export interface CallKind<Q, V> {
  /** Names the provider in a failure-streak error. */
  readonly label: string;
  /** The cache key of a request. */
  key(request: Q): string;
  /** Largest batch one call takes (1: no batching). */
  readonly maxBatchSize: number;
  /** A request's size in the units a batch is padded to; groups similar requests. */
  measure(request: Q): number;
  run(requests: readonly Q[], signal: AbortSignal): Promise<V[]>;
}

/** A generator's answer calls, batched when it can take batches. */
export function generationCalls(generator: Generator): CallKind<GenerationRequest, Generation> {
  const batching = isBatchGenerator(generator) ? generator : undefined;
  return {
    label: `${generator.id} generator`,
    key: answerKeys(generator),
    maxBatchSize: Math.max(1, batching?.maxBatchSize ?? 1),
    measure: (request) => batching?.measure(request) ?? 0,
    run: (requests, signal) =>
      requests.length > 1 && batching !== undefined
        ? batching.generateBatch(requests, signal)
        : generator.generate(requests[0] as GenerationRequest, signal).then((generation) => [generation]),
  };
}

/** A scoring generator's score calls (a cache key kind of their own), batched as its answers are. */
export function scoreCalls(generator: ScoringGenerator): CallKind<ScoreRequest, number> {
  const batching = isBatchGenerator(generator) ? generator : undefined;
  return {
    label: `${generator.id} generator (scoring)`,
    key: scoreKeys(generator),
    maxBatchSize: Math.max(1, batching?.maxBatchSize ?? 1),
    measure: (request) => batching?.measure(request) ?? 0,
    run: (requests, signal) => generator.score(requests, signal),
  };
}

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

interface Job<Q, V> {
  readonly key: string;
  readonly request: Q;
  /** Prompt length in the generator's units (batching generators); groups similar prompts. */
  readonly size: number;
  resolve(result: CallOutcome<V>): void;
  reject(error: unknown): void;
}

/**
 * Runs generator calls: cache first, identical calls shared, at most `concurrency` in flight,
 * batched when the generator can take batches (calls of similar prompt length together, so
 * batches carry little padding), retried with exponential backoff. A fatal provider
 * error rejects every call; other failures settle as `{ error }` so the probe records them.
 */
export class CallScheduler<Q = GenerationRequest, V = Generation> {
  readonly counts: CallCounts = { cacheHits: 0, liveCalls: 0, retried: 0 };
  // A FIFO with a head index: shifting a long array per call would make scheduling quadratic.
  private queue: Job<Q, V>[] = [];
  private queueHead = 0;
  // Calls taken from the queue for batching (all that were queued), sorted by size; batches are
  // cut from its front, at a head index (it can hold a whole phase's calls).
  private window: Job<Q, V>[] = [];
  private windowHead = 0;
  private pumpScheduled = false;
  private readonly inFlight = new Map<string, Promise<CallOutcome<V>>>();
  private active = 0;
  private fatal: unknown;
  /** How failed attempts are retried: one for every call, so a call allocates none of it. */
  private readonly retry: RetryContext;

  constructor(
    private readonly kind: CallKind<Q, V>,
    private readonly cache: KeyValueStore<V>,
    private readonly options: SchedulerOptions,
  ) {
    const { maxConsecutiveFailures, rateLimitPerMinute } = options;
    const { retries, backoffMs, random, maxBackoffMs = 60_000 } = options;
    this.retry = {
      policy: { retries, backoffMs, maxBackoffMs, random },
      signal: options.signal,
      streak:
        maxConsecutiveFailures === undefined
          ? undefined
          : new FailureStreak(maxConsecutiveFailures, kind.label),
      limiter: rateLimitPerMinute === undefined ? undefined : new RateLimiter(rateLimitPerMinute),
      onAttempt: (requests) => {
        this.counts.liveCalls += requests;
      },
      onRetry: () => {
        this.counts.retried++;
      },
    };
  }

  call(request: Q): Promise<CallOutcome<V>> {
    const key = this.kind.key(request);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.counts.cacheHits++;
      this.options.onSettled?.(false);
      return Promise.resolve({ value: cached });
    }
    const shared = this.inFlight.get(key);
    if (shared !== undefined) {
      this.counts.cacheHits++;
      return shared.then((result) => {
        this.options.onSettled?.('error' in result);
        return result;
      });
    }
    if (this.fatal !== undefined) {
      this.options.onSettled?.(true);
      return Promise.reject(this.fatal);
    }
    const promise = new Promise<CallOutcome<V>>((resolve, reject) => {
      const size = this.batchSize > 1 ? this.kind.measure(request) : 0;
      this.queue.push({ key, request, size, resolve, reject });
    });
    this.schedulePump();
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Stores `value` as the answer of `request`, as if the call had been made (no count changes). */
  remember(request: Q, value: V): void {
    this.cache.set(this.kind.key(request), value);
  }

  /** Settles a call: it is no longer in flight (runJobs settles each call once). */
  private settle(job: Job<Q, V>, outcome: { result: CallOutcome<V> } | { error: unknown }): void {
    this.inFlight.delete(job.key);
    if ('result' in outcome) {
      this.options.onSettled?.('error' in outcome.result);
      job.resolve(outcome.result);
    } else {
      this.options.onSettled?.(true);
      job.reject(outcome.error);
    }
  }

  private get batchSize(): number {
    return this.kind.maxBatchSize;
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
  private nextJobs(): Job<Q, V>[] {
    const batchSize = this.batchSize;
    if (batchSize === 1) {
      // One call at a time, in queue order: no window to sort.
      const job = this.queue[this.queueHead++] as Job<Q, V>;
      this.dropSent();
      return [job];
    }
    if (this.windowHead === this.window.length) {
      // A batching generator sorts every queued call at once (a phase's calls are one burst): fewer
      // batches straddle two lengths than when the queue is sorted a slice at a time.
      this.window = this.queue.slice(this.queueHead);
      this.windowHead = 0;
      this.queueHead = this.queue.length;
      this.dropSent();
      // Stable: equal sizes keep their queue order, so batches are the same on every run.
      this.window.sort((a, b) => a.size - b.size);
    }
    const jobs = this.window.slice(this.windowHead, this.windowHead + batchSize);
    this.windowHead += jobs.length;
    return jobs;
  }

  /** Forgets the calls taken from the front of the queue. */
  private dropSent(): void {
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      // A queue that never drains (the runner keeps feeding it) would hold every call it ever
      // ran: drop the front once it is most of the array (amortised, like the head index).
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  private pump(): void {
    while (
      this.active < this.options.concurrency &&
      (this.windowHead < this.window.length || this.queueHead < this.queue.length)
    ) {
      this.active++;
      void this.runJobs(this.nextJobs());
    }
  }

  /** One request or batch, with retries; a failure that must stop the run settles every call. */
  private async runJobs(jobs: Job<Q, V>[]): Promise<void> {
    let settled = 0;
    try {
      const requests = jobs.map((job) => job.request);
      const { signal } = this.options;
      const outcome = await withRetries(() => this.kind.run(requests, signal), this.retry, requests.length);
      const results: CallOutcome<V>[] =
        'error' in outcome
          ? requests.map(() => ({ error: describeError(outcome.error) }))
          : outcome.value.map((value) => ({ value }));
      for (const job of jobs) {
        const result = results[settled] as CallOutcome<V>;
        if ('value' in result) this.cache.set(job.key, result.value);
        settled++;
        this.settle(job, { result });
      }
    } catch (error) {
      if (this.fatal === undefined) this.fatal = error;
      const waiting = [
        ...jobs.slice(settled),
        ...this.window.slice(this.windowHead),
        ...this.queue.slice(this.queueHead),
      ];
      this.window = [];
      this.windowHead = 0;
      this.queue = [];
      this.queueHead = 0;
      for (const job of waiting) this.settle(job, { error });
    } finally {
      this.active--;
      this.pump();
    }
  }
}
