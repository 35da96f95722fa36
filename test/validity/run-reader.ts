import { memoryCache } from '../../src/engine/calls/answer-cache.js';
import { type RunResult, runProbeSuite } from '../../src/engine/runner.js';
import { lexicalMatcher } from '../../src/metrics/matcher.js';
import { PROBES } from '../../src/probes/registry.js';
import { createDatasetRetriever } from '../../src/retrievers/dataset.js';
import { type ReaderName, referenceReader } from './readers.js';
import type { SharedItem } from './shared-data.js';

/** Runs the whole probe suite in-process with a reference reader over `items` (dataset passages, top-5). */
export async function runReader(name: ReaderName, items: readonly SharedItem[]): Promise<RunResult> {
  return runProbeSuite(
    items,
    { topK: 5, probes: Object.values(PROBES), seed: 0, resamples: 200 },
    {
      generator: referenceReader(name, items),
      retriever: await createDatasetRetriever('', {} as never),
      matcher: lexicalMatcher('contains'),
      cache: memoryCache(),
      concurrency: 8,
      retries: 0,
      backoffMs: 0,
      signal: new AbortController().signal,
    },
  );
}
