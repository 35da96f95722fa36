// The calls the demo's audit of one bundled model makes to its generator, recorded by passing the
// real generator's calls through: every prompt in the order the runner issues them, the batches
// the scheduler sends (indices into the prompts) and ragseam's answers. Used by the benchmarks
// and by the lean decoding loop's parity test (test/unit/lean-decoding.test.ts); needs a build.
import { join } from 'node:path';
import { formatPassageLines, renderPrompt } from '../dist/generators/prompt-template.js';
import { LOCAL_PROMPT_TEMPLATE } from '../dist/generators/transformers/index.js';
import {
  createGenerator,
  createMatcher,
  createRetriever,
  demoAuditOptions,
  loadDataset,
  memoryCache,
  runProbeSuite,
} from '../dist/index.js';

export async function recordDemoCalls(root, model, batchSize = 16) {
  const options = demoAuditOptions({
    root,
    generator: model,
    seed: 0,
    version: 'bench',
    signal: new AbortController().signal,
  });
  const generator = await createGenerator(options.generator, {
    timeoutMs: options.timeoutMs,
    offline: true,
    batchSize,
  });
  const prompts = [];
  const batches = [];
  const answers = [];
  const indexOf = new Map();
  const recorder = {
    id: generator.id,
    fingerprint: generator.fingerprint,
    maxBatchSize: generator.maxBatchSize,
    // The scheduler measures each call as it queues it: the order the runner issues them.
    measure(request) {
      indexOf.set(request, prompts.length);
      prompts.push(renderPrompt(LOCAL_PROMPT_TEMPLATE, request, formatPassageLines));
      return generator.measure(request);
    },
    generate: (request, signal) => recorder.generateBatch([request], signal).then(([answer]) => answer),
    async generateBatch(requests, signal) {
      const generations = await generator.generateBatch(requests, signal);
      const indices = requests.map((request) => indexOf.get(request));
      indices.forEach((index, row) => {
        answers[index] = generations[row].answer;
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
        retriever: await createRetriever(options.retriever, { timeoutMs: options.timeoutMs, offline: true }),
        matcher: await createMatcher(options.match),
        cache: memoryCache(),
        concurrency: options.concurrency,
        retries: 0,
        backoffMs: 0,
        signal: options.signal,
      },
    );
  } finally {
    await generator.close();
  }
  return { prompts, batches, answers, modelDir: join(root, 'fixtures/models', model) };
}
