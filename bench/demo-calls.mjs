// The calls the demo's audit of one bundled model makes to its generator, recorded by passing the
// real generator's calls through: every prompt in the order the runner issues them, the batches
// the scheduler sends (indices into the prompts) and ragseam's answers. Used by the benchmarks
// and by the lean decoding loop's parity test (test/unit/lean-decoding.test.ts); needs a build.
import { join } from 'node:path';
import { memoryCache } from '../dist/engine/calls/answer-cache.js';
import { createMatcher } from '../dist/engine/matcher.js';
import { runProbeSuite } from '../dist/engine/runner.js';
import { formatPassageLines, renderPrompt } from '../dist/generators/prompt-template.js';
import { LOCAL_PROMPT_TEMPLATE } from '../dist/generators/transformers/index.js';
import {
  createGenerator,
  createRetriever,
  demoAuditInput,
  loadDataset,
  PROBES,
  resolveAuditOptions,
} from '../dist/index.js';

export async function recordDemoCalls(root, model, batchSize = 16) {
  const { source, settings, providers, environment } = resolveAuditOptions({
    flags: {
      ...demoAuditInput({
        root,
        generator: model,
        seed: 0,
        version: 'bench',
        signal: new AbortController().signal,
      }),
      batchSize,
    },
  });
  const generator = await createGenerator(providers.generator, providers.generatorOptions);
  const prompts = [];
  const requests = [];
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
      requests.push(request);
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
      await loadDataset(source.dataset),
      {
        topK: settings.topK,
        probes: settings.probes.map((name) => PROBES[name]),
        seed: settings.seed,
        resamples: 10,
      },
      {
        generator: recorder,
        retriever: await createRetriever(providers.retriever, providers.retrieverOptions),
        matcher: await createMatcher({ kind: 'contains' }, settings, {}),
        cache: memoryCache(),
        concurrency: providers.concurrency,
        retries: 0,
        backoffMs: 0,
        signal: environment.signal,
      },
    );
  } finally {
    await generator.close();
  }
  return { prompts, requests, batches, answers, modelDir: join(root, 'fixtures/models', model) };
}
