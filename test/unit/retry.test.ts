import { describe, expect, it } from 'vitest';
import { FailureStreak, RateLimiter, retryDelayMs, withRetries } from '../../src/engine/calls/retry.js';
import { ProviderError } from '../../src/model/errors.js';
import { isRetryableStatus, parseRetryAfter } from '../../src/providers/http/post-json.js';

const policy = { retries: 3, backoffMs: 100, maxBackoffMs: 5000, random: () => 0.5 };

describe('retryDelayMs', () => {
  it.each([
    [0, undefined, 50],
    [1, undefined, 100],
    [3, undefined, 400],
    [0, 2000, 2000],
    [3, 100, 400],
    [0, 60_000, 5000],
    [10, undefined, 5000],
  ])('attempt %i, Retry-After %s ms -> %i ms', (attempt, retryAfterMs, expected) => {
    const error = new ProviderError('x', retryAfterMs === undefined ? {} : { retryAfterMs });
    expect(retryDelayMs(policy, attempt, error)).toBe(expected);
  });
  it('full jitter spans 0 to the doubled backoff', () => {
    expect(retryDelayMs({ ...policy, random: () => 0 }, 2, new ProviderError('x'))).toBe(0);
    expect(retryDelayMs({ ...policy, random: () => 0.999 }, 2, new ProviderError('x'))).toBeCloseTo(399.6);
  });
});

describe('Retry-After and statuses', () => {
  it.each([
    ['1', 1000],
    ['0.25', 250],
    [' 120 ', 120_000],
    ['', undefined],
    [null, undefined],
    ['soon', undefined],
    ['-3', undefined],
    // Only decimal digits are delay-seconds: Number() would read these as 16, 1000, 1 and ∞.
    ['0x10', undefined],
    ['1e3', undefined],
    ['0b1', undefined],
    ['Infinity', undefined],
    ['Wed, 21 Oct 2015 07:28:10 GMT', 10_000],
  ])('%s -> %s', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(expected);
  });
  it('retries 408, 409, 425, 429 and 5xx only', () => {
    expect(
      [400, 401, 403, 404, 408, 409, 422, 425, 429, 500, 502, 503, 504].filter(isRetryableStatus),
    ).toEqual([408, 409, 425, 429, 500, 502, 503, 504]);
  });
});

describe('RateLimiter', () => {
  it('spaces starts evenly at 60000/rpm ms', async () => {
    let now = 1000;
    const limiter = new RateLimiter(600, () => now);
    const signal = new AbortController().signal;
    const started: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) {
      await limiter.acquire(signal);
      started.push(performance.now() - t0);
    }
    // Slots at 0, 100 and 200 ms on the limiter's clock, which stood still: real waits of 100 and 200 ms.
    expect(started[0]).toBeLessThan(50);
    expect(started[1]).toBeGreaterThanOrEqual(95);
    expect(started[2]).toBeGreaterThanOrEqual(195);
    now += 10_000;
    const before = performance.now();
    await limiter.acquire(signal);
    expect(performance.now() - before).toBeLessThan(50);
  });
});

describe('withRetries and FailureStreak', () => {
  const signal = new AbortController().signal;
  const fast = { ...policy, backoffMs: 1 };

  it('retries non-fatal provider errors, then returns the last one', async () => {
    let calls = 0;
    const outcome = await withRetries(
      async () => {
        calls++;
        throw new ProviderError(`failure ${calls}`);
      },
      { policy: fast, signal },
    );
    expect(calls).toBe(4);
    expect('error' in outcome && outcome.error.message).toBe('failure 4');
  });

  it('does not retry fatal errors or other exceptions', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new ProviderError('401', { fatal: true });
        },
        { policy: fast, signal },
      ),
    ).rejects.toThrow('401');
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new TypeError('bug');
        },
        { policy: fast, signal },
      ),
    ).rejects.toThrow('bug');
    expect(calls).toBe(2);
  });

  it('stops everything once failures in a row reach the limit, and a success resets the count', async () => {
    const streak = new FailureStreak(3, 'test');
    streak.failed(new ProviderError('a'));
    streak.failed(new ProviderError('b'));
    streak.succeeded();
    streak.failed(new ProviderError('c'));
    streak.failed(new ProviderError('d'));
    expect(() => streak.failed(new ProviderError('e: 503'))).toThrow(
      /stopped after 3 failed test calls in a row; the last one: e: 503/,
    );
    try {
      streak.failed(new ProviderError('f'));
    } catch (error) {
      expect((error as ProviderError).fatal).toBe(true);
      expect((error as ProviderError).exitCode).toBe(3);
      expect((error as ProviderError).hint).toContain('run the same command again to resume');
    }
  });
});
