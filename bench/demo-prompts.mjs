// The prompts the demo's audit of one bundled model sends to its generator, in the order the
// runner issues them, and its answers, recorded by passing the real generator's calls through.
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

export async function demoPrompts(root, model) {
  const options = demoAuditOptions({
    root,
    generator: model,
    seed: 0,
    version: 'bench',
    signal: new AbortController().signal,
  });
  const generator = await createGenerator(options.generator, { timeoutMs: options.timeoutMs, offline: true });
  const prompts = [];
  const answers = [];
  const indexOf = new Map();
  const recorder = {
    id: generator.id,
    fingerprint: generator.fingerprint,
    maxBatchSize: generator.maxBatchSize,
    measure(request) {
      indexOf.set(request, prompts.length);
      prompts.push(renderPrompt(LOCAL_PROMPT_TEMPLATE, request, formatPassageLines));
      return generator.measure(request);
    },
    generate: (request, signal) => recorder.generateBatch([request], signal).then(([answer]) => answer),
    async generateBatch(requests, signal) {
      const generations = await generator.generateBatch(requests, signal);
      requests.forEach((request, row) => {
        answers[indexOf.get(request)] = generations[row].answer;
      });
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
  return { prompts, answers, modelDir: join(root, 'fixtures/models', model) };
}
