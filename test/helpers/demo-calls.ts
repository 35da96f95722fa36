import { createMatcherFor, createRetrieverFor } from '../../src/core/audit.js';
import { memoryCache } from '../../src/core/cache.js';
import { loadDataset } from '../../src/core/dataset.js';
import { type DemoGenerator, demoAuditOptions } from '../../src/core/demo.js';
import { runProbeSuite } from '../../src/core/runner.js';
import { createGenerator } from '../../src/generators/registry.js';
import type { BatchGenerator, GenerationRequest } from '../../src/generators/types.js';
import { ROOT } from './cli.js';

/** The generator calls of the demo's audit of one bundled model, as ragseam made them. */
export interface DemoCalls {
  /** Every request, in the order the runner issued them. */
  readonly requests: GenerationRequest[];
  /** The batches the scheduler sent, as indices into `requests`. */
  readonly batches: number[][];
  /** ragseam's answer to each request. */
  readonly answers: string[];
}

/**
 * Runs the demo's audit of `model` (its dataset, retriever, probes and seed) and records every
 * generator call on the way: the real generator, passed through unchanged.
 */
export async function recordDemoCalls(model: DemoGenerator, batchSize = 16): Promise<DemoCalls> {
  const options = demoAuditOptions({
    root: ROOT,
    generator: model,
    seed: 0,
    version: 'test',
    signal: new AbortController().signal,
  });
  const generator = (await createGenerator(options.generator, {
    timeoutMs: options.timeoutMs,
    offline: true,
    batchSize,
  })) as BatchGenerator;
  const requests: GenerationRequest[] = [];
  const batches: number[][] = [];
  const answers: string[] = [];
  const indexOf = new Map<GenerationRequest, number>();
  const recorder: BatchGenerator = {
    id: generator.id,
    fingerprint: generator.fingerprint,
    maxBatchSize: generator.maxBatchSize,
    // The scheduler measures each call as it is queued: the issue order.
    measure: (request) => {
      indexOf.set(request, requests.push(request) - 1);
      return generator.measure(request);
    },
    generate: (request) => recorder.generateBatch([request]).then(([generation]) => generation as never),
    generateBatch: async (batch, signal) => {
      const generations = await generator.generateBatch(batch, signal);
      const indices = batch.map((request) => indexOf.get(request) as number);
      indices.forEach((index, position) => {
        answers[index] = generations[position]?.answer as string;
      });
      batches.push(indices);
      return generations;
    },
  };
  try {
    await runProbeSuite(
      await loadDataset(options.dataset),
      { topK: options.topK, probes: options.probes, seed: options.seed, resamples: 10 },
      {
        generator: recorder,
        retriever: await createRetrieverFor(options),
        matcher: await createMatcherFor(options),
        cache: memoryCache(),
        concurrency: options.concurrency,
        retries: 0,
        backoffMs: 0,
        signal: options.signal,
      },
    );
  } finally {
    await generator.close?.();
  }
  return { requests, batches, answers };
}
