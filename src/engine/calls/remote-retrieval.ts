import { ProviderError } from '../../model/errors.js';
import type { RemoteRetriever, Retriever } from '../../retrievers/types.js';
import { type RetrievalCache, retrievalKey } from './retrieval-cache.js';
import { FailureStreak, RateLimiter, type RetryPolicy, withRetries } from './retry.js';

/** How a remote retriever's calls are made resilient. */
export interface RemoteRetrievalOptions {
  readonly cache: RetrievalCache;
  readonly policy: RetryPolicy;
  readonly signal: AbortSignal;
  readonly rateLimitPerMinute?: number | undefined;
  readonly maxConsecutiveFailures?: number | undefined;
}

/**
 * Wraps a network retriever: cached results first, then the call with retries, backoff,
 * `Retry-After`, rate limit and the consecutive-failure stop. A retrieval that still fails stops
 * the run (a question without its passages cannot be probed); every result so far stays cached.
 */
export function resilientRetriever(retriever: RemoteRetriever, options: RemoteRetrievalOptions): Retriever {
  const streak =
    options.maxConsecutiveFailures === undefined
      ? undefined
      : new FailureStreak(options.maxConsecutiveFailures, `retriever ${retriever.id}`);
  const limiter =
    options.rateLimitPerMinute === undefined ? undefined : new RateLimiter(options.rateLimitPerMinute);
  return {
    id: retriever.id,
    async retrieve(query, topK, signal) {
      const key = retrievalKey(retriever, query, topK);
      const cached = options.cache.get(key);
      if (cached !== undefined) return [...cached];
      const outcome = await withRetries(() => retriever.retrieve(query, topK, signal ?? options.signal), {
        policy: options.policy,
        signal: signal ?? options.signal,
        streak,
        limiter,
      });
      if ('error' in outcome) {
        throw new ProviderError(
          `retrieval for question "${query.id}" failed after ${options.policy.retries} retries: ${outcome.error.message}`,
          {
            fatal: true,
            hint: 'every result received so far is cached (unless --no-cache): fix the search endpoint and run the same command again to resume',
          },
        );
      }
      options.cache.set(key, outcome.value);
      return outcome.value;
    },
    ...(retriever.close === undefined ? {} : { close: () => retriever.close?.() ?? Promise.resolve() }),
  };
}
