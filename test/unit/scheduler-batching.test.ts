import { describe, expect, test } from 'vitest';
import { memoryCache } from '../../src/engine/calls/answer-cache.js';
import { CallScheduler, generationCalls } from '../../src/engine/calls/scheduler.js';
import type { BatchGenerator, GenerationRequest } from '../../src/generators/types.js';

/** A batching generator whose prompt length is the question's length; it records its batches. */
function lengthGenerator(maxBatchSize: number) {
  const batches: string[][] = [];
  const generator: BatchGenerator = {
    id: 'fake',
    fingerprint: 'fake',
    maxBatchSize,
    measure: (request) => request.question.length,
    generate: async (request) => {
      batches.push([request.question]);
      return { answer: request.question.toUpperCase() };
    },
    generateBatch: async (requests) => {
      batches.push(requests.map((request) => request.question));
      return requests.map((request) => ({ answer: request.question.toUpperCase() }));
    },
  };
  return { generator, batches };
}

function scheduler(generator: BatchGenerator, concurrency = 1) {
  return new CallScheduler(generationCalls(generator), memoryCache(), {
    concurrency,
    retries: 0,
    backoffMs: 0,
    random: () => 0,
    signal: new AbortController().signal,
  });
}

const request = (question: string): GenerationRequest => ({ question, passages: [] });

describe('CallScheduler batches calls of similar length', () => {
  // Lengths alternate short and long, as a question's no-passage and many-passage variants do.
  const questions = Array.from({ length: 12 }, (_, i) =>
    i % 2 === 0 ? 'q'.repeat(1 + i) : 'L'.repeat(40 + i),
  );

  test('each batch holds calls of neighbouring lengths, and every call gets its own answer', async () => {
    const { generator, batches } = lengthGenerator(3);
    const calls = scheduler(generator);
    const results = await Promise.all(questions.map((q) => calls.call(request(q))));
    expect(results).toEqual(questions.map((q) => ({ value: { answer: q.toUpperCase() } })));
    // The first batch is full too: the scheduler waits until the burst of calls is queued.
    expect(batches.map((batch) => batch.map((q) => q.length))).toEqual([
      [1, 3, 5],
      [7, 9, 11],
      [41, 43, 45],
      [47, 49, 51],
    ]);
    expect(calls.counts.liveCalls).toBe(12);
  });

  test('the same calls form the same batches on every run', async () => {
    const runs = await Promise.all(
      [0, 1].map(async () => {
        const { generator, batches } = lengthGenerator(5);
        const calls = scheduler(generator);
        await Promise.all(questions.map((q) => calls.call(request(q))));
        return batches;
      }),
    );
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]?.map((batch) => batch.length)).toEqual([5, 5, 2]);
  });

  test('a burst larger than many batches is sorted as a whole', async () => {
    // 300 calls, short and long alternating: 150 batches of 2, each of one length, in length order.
    const burst = Array.from(
      { length: 300 },
      (_, i) => `${i % 2 === 0 ? 'q' : 'L'.repeat(100)}${'x'.repeat(i % 50)}${String(i).padStart(3, '0')}`,
    );
    const { generator, batches } = lengthGenerator(2);
    const calls = scheduler(generator);
    await Promise.all(burst.map((q) => calls.call(request(q))));
    const lengths = batches.map((batch) => batch.map((q) => q.length));
    expect(lengths).toHaveLength(150);
    expect(lengths.flat()).toEqual(burst.map((q) => q.length).sort((a, b) => a - b));
  });

  test('equal lengths keep the order they were called in', async () => {
    const { generator, batches } = lengthGenerator(2);
    const calls = scheduler(generator);
    await Promise.all(['bb', 'a', 'cc', 'd', 'ee'].map((q) => calls.call(request(q))));
    expect(batches).toEqual([['a', 'd'], ['bb', 'cc'], ['ee']]);
  });

  test('batch size 1 keeps the calls in their order', async () => {
    const { generator } = lengthGenerator(1);
    const order: string[] = [];
    const single: BatchGenerator = {
      ...generator,
      generate: async (r) => {
        order.push(r.question);
        return { answer: r.question };
      },
    };
    const calls = scheduler(single);
    await Promise.all(questions.map((q) => calls.call(request(q))));
    expect(order).toEqual(questions);
  });
});
