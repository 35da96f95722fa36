import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadLibrary, runtimeTensor } from '../../src/backends/transformers.js';
import { formatPassageLines, renderPrompt } from '../../src/generators/prompt-template.js';
import {
  type CompletionTokenizer,
  createAnswerEncoder,
  createEncoder,
  decodeAnswer,
  eosIds,
} from '../../src/generators/transformers/completions.js';
import type { DecodingModel } from '../../src/generators/transformers/decoding.js';
import { createGreedyLoop, type DecoderSession } from '../../src/generators/transformers/greedy-loop.js';
import {
  createTransformersGenerator,
  LOCAL_PROMPT_TEMPLATE,
} from '../../src/generators/transformers/index.js';
import type { LocalGenerator } from '../../src/generators/transformers/local-generator.js';
import {
  createTeacherForcer,
  type ForwardModel,
  logSoftmaxAt,
} from '../../src/generators/transformers/teacher-forcing.js';
import type { ScoreRequest } from '../../src/generators/types.js';
import { ROOT } from '../helpers/cli.js';

const library = await loadLibrary({ offline: true });
const libraryTensor = (type: 'int64', data: BigInt64Array, dims: number[]) =>
  new library.Tensor(type, data, dims);

interface CorpusPassage {
  id: string;
  title: string;
  text: string;
}
const corpus = readFileSync(join(ROOT, 'fixtures/world/corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as CorpusPassage);
const demo = readFileSync(join(ROOT, 'fixtures/world/demo.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { question: string });

/** 24 requests: demo questions with 0 to 3 corpus passages each (prompts of different lengths). */
const requests = demo.slice(0, 24).map((item, i) => ({
  question: item.question,
  passages: corpus.slice(i * 3, i * 3 + (i % 4)),
}));

describe.each(['coupled', 'decoupled'] as const)('teacher forcing on the %s model', (name) => {
  test("the teacher-forced log-probability of the greedy answer is the sum of the greedy steps' log-probabilities", async () => {
    const pipe = (await library.pipeline('text-generation', join(ROOT, 'fixtures/models', name), {
      dtype: 'fp32',
      local_files_only: true,
    })) as unknown as { tokenizer: CompletionTokenizer; model: DecodingModel & ForwardModel };
    const settings = { text2text: false, chat: false, maxNewTokens: 32 };
    const encode = createEncoder(pipe.tokenizer, settings);
    const prompts = requests.map((request) =>
      encode(renderPrompt(LOCAL_PROMPT_TEMPLATE, request, formatPassageLines)),
    );
    const steps = prompts.map((): number[] => []);
    const loop = createGreedyLoop(pipe.model.sessions.model as DecoderSession, runtimeTensor(library), {
      eos: eosIds(pipe.model),
      padId: 0,
      maxNewTokens: 32,
      onToken: (row, _token, logprob) => (steps[row] as number[]).push(logprob),
    });
    const answers = await (loop as NonNullable<typeof loop>)(prompts);
    expect(answers.every((tokens) => tokens.length > 0)).toBe(true);
    const force = createTeacherForcer(pipe.model, libraryTensor, {
      text2text: false,
      padId: 0,
      decoderStartId: 0,
    });
    // One batch of every length, then one request at a time: the same numbers.
    const batched = await force(prompts.map((prompt, i) => ({ prompt, answer: answers[i] as number[] })));
    const single = await force([{ prompt: prompts[5] as number[], answer: answers[5] as number[] }]);
    answers.forEach((_, i) => {
      const greedy = (steps[i] as number[]).reduce((sum, value) => sum + value, 0);
      expect(Math.abs((batched[i] as number) - greedy)).toBeLessThan(1e-4);
    });
    expect(Math.abs((single[0] as number) - (batched[5] as number))).toBeLessThan(1e-4);

    // The answer text re-encodes to the tokens the model produced, so scoring text scores them.
    const encodeAnswer = createAnswerEncoder(pipe.tokenizer, settings);
    const roundTrips = answers.filter((tokens, i) => {
      const text = renderPrompt(
        LOCAL_PROMPT_TEMPLATE,
        requests[i] as (typeof requests)[number],
        formatPassageLines,
      );
      return encodeAnswer(text, decodeAnswer(pipe.tokenizer, tokens)).join() === tokens.join();
    });
    expect(roundTrips.length).toBe(answers.length);
  }, 60_000);

  test('the generator scores answers by text: its own greedy answer as the steps said, others lower', async () => {
    const generator = (await createTransformersGenerator(join(ROOT, 'fixtures/models', name), {
      timeoutMs: 60_000,
      offline: true,
      batchSize: 8,
    })) as LocalGenerator;
    expect(generator.scoring).toBe('teacher-forced');
    const generated = await generator.generateBatch(requests);
    const own: ScoreRequest[] = requests.map((request, i) => ({
      ...request,
      answer: generated[i]?.answer ?? '',
    }));
    const scores = await generator.score(own);
    expect(scores.every((score) => Number.isFinite(score) && score <= 0)).toBe(true);
    // Greedy answers are the model's likeliest continuations; a made-up answer is far less likely.
    const madeUp = await generator.score(own.map((request) => ({ ...request, answer: 'zzz qqq' })));
    madeUp.forEach((score, i) => {
      expect(score).toBeLessThan(scores[i] as number);
    });
    await generator.close();
  }, 60_000);
});

test('encoder-decoder models are scored by teacher forcing the decoder, batched as singly', async () => {
  const generator = (await createTransformersGenerator(join(ROOT, 'fixtures/models/text2text'), {
    timeoutMs: 60_000,
    offline: true,
  })) as LocalGenerator;
  const generated = await generator.generateBatch(requests.slice(0, 6));
  const own = requests.slice(0, 6).map((request, i) => ({ ...request, answer: generated[i]?.answer ?? '' }));
  const batched = await generator.score(own);
  const single = await generator.score([own[3] as ScoreRequest]);
  expect(batched.every((score) => Number.isFinite(score) && score <= 0)).toBe(true);
  expect(Math.abs((single[0] as number) - (batched[3] as number))).toBeLessThan(1e-4);
  await generator.close();
}, 60_000);

describe('logSoftmaxAt', () => {
  const cases: [string, number[], number, number][] = [
    ['uniform over 4', [0, 0, 0, 0], 2, Math.log(0.25)],
    ['one sure token', [0, 100, 0], 1, 0],
    ['two logits 0 and ln 3', [0, Math.log(3)], 0, Math.log(0.25)],
    ['large logits do not overflow', [1000, 1000], 0, Math.log(0.5)],
  ];
  test.each(cases)('%s', (_, logits, token, expected) => {
    expect(logSoftmaxAt(Float32Array.from(logits), 0, logits.length, token)).toBeCloseTo(expected, 5);
  });
});
