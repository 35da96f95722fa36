import { ProviderError } from '../../model/errors.js';

/** How failed provider calls are tried again. */
export interface RetryPolicy {
  /** Extra attempts after a failed call (non-fatal provider errors only). */
  readonly retries: number;
  /** First backoff in ms; doubles per attempt, with full jitter. */
  readonly backoffMs: number;
  /** Upper bound on one wait, `Retry-After` included, in ms. */
  readonly maxBackoffMs: number;
  /** Uniform in [0, 1): the jitter source. */
  readonly random: () => number;
}

/**
 * The wait before retry number `attempt + 1`: exponential backoff with full jitter
 * (random in [0, backoff * 2^attempt]), but never less than the server's `Retry-After`, and never
 * more than `maxBackoffMs`.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, error: ProviderError): number {
  const jittered = policy.random() * policy.backoffMs * 2 ** attempt;
  return Math.min(policy.maxBackoffMs, Math.max(jittered, error.retryAfterMs ?? 0));
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Counts failed attempts in a row against one endpoint; at `limit` it raises a fatal provider
 * error, because an endpoint that fails that often is down, and going on would only record every
 * remaining call as failed. Answers already received stay in the cache, so the run resumes.
 */
export class FailureStreak {
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly what: string,
  ) {}

  succeeded(): void {
    this.count = 0;
  }

  /** Records a failed attempt; throws the fatal error once the streak reaches the limit. */
  failed(error: ProviderError): void {
    this.count++;
    if (this.count < this.limit) return;
    throw new ProviderError(
      `stopped after ${this.count} failed ${this.what} calls in a row; the last one: ${error.message}`,
      {
        fatal: true,
        hint: 'the endpoint looks down or overloaded. Every answer received so far is in the answer cache (unless --no-cache): fix the endpoint, then run the same command again to resume; --max-consecutive-failures raises the limit',
      },
    );
  }
}

/**
 * Spaces calls evenly to at most `perMinute` starts per minute (`--rate-limit`). Each `acquire`
 * reserves the next free slot, so concurrent callers queue in order.
 */
export class RateLimiter {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = 60_000 / perMinute;
  }

  async acquire(signal: AbortSignal): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await sleep(slot - now, signal);
  }
}

/** What {@link withRetries} needs besides the call. */
export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly signal: AbortSignal;
  readonly streak?: FailureStreak | undefined;
  readonly limiter?: RateLimiter | undefined;
  /** Called before each retry's wait. */
  readonly onRetry?: ((error: ProviderError) => void) | undefined;
  /** Called before each attempt, with the `weight` given to {@link withRetries} (requests in the attempt). */
  readonly onAttempt?: ((weight: number) => void) | undefined;
}

/**
 * Runs `call` until it succeeds, retrying non-fatal provider errors with {@link retryDelayMs}.
 * Returns the last error when the retries are used up; throws fatal errors, aborts and anything
 * that is not a provider error.
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  context: RetryContext,
  weight = 1,
): Promise<{ value: T } | { error: ProviderError }> {
  const { policy, signal, streak, limiter } = context;
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) throw signal.reason;
    // No await without a limiter: a resolved await still costs a turn of the microtask queue.
    if (limiter !== undefined) await limiter.acquire(signal);
    try {
      context.onAttempt?.(weight);
      const value = await call();
      streak?.succeeded();
      return { value };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!(error instanceof ProviderError) || error.fatal) throw error;
      streak?.failed(error);
      if (attempt >= policy.retries) return { error };
      context.onRetry?.(error);
      await sleep(retryDelayMs(policy, attempt, error), signal);
    }
  }
}
