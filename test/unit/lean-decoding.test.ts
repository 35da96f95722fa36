import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
// Records through the built package (npm test builds first).
import { recordDemoCalls } from '../../bench/demo-calls.mjs';
import { generatorSessionOptions, loadLibrary, runtimeTensor } from '../../src/backends/transformers.js';
import {
  type CompletionTokenizer,
  createCompleter,
  createEncoder,
  decodeAnswer,
} from '../../src/generators/transformers/completions.js';
import {
  chooseDecoder,
  type DecodingModel,
  type EncodedPrompt,
  generationSettings,
  isPlainGreedy,
} from '../../src/generators/transformers/decoding.js';
import { ROOT } from '../helpers/cli.js';

const library = await loadLibrary({ offline: true });

/**
 * A calibration model through the library's pipeline, with the session options ragseam's generator
 * uses (its threads), or with the runtime's defaults (as ragseam loaded it before choosing them).
 */
async function loadModel(name: string, session: 'ragseam' | 'default' = 'ragseam') {
  const pipe = (await library.pipeline('text-generation', join(ROOT, 'fixtures/models', name), {
    dtype: 'fp32',
    local_files_only: true,
    ...(session === 'ragseam' ? { session_options: generatorSessionOptions() } : {}),
  })) as unknown as { tokenizer: CompletionTokenizer; model: DecodingModel };
  return pipe;
}

/** Answer tokens of `prompts` decoded in `batches` (indices into `prompts`). */
async function decodeInBatches(
  decode: (prompts: readonly EncodedPrompt[]) => Promise<number[][]>,
  prompts: readonly EncodedPrompt[],
  batches: readonly number[][],
): Promise<number[][]> {
  const answers: number[][] = [];
  for (const batch of batches) {
    const rows = await decode(batch.map((index) => prompts[index] as EncodedPrompt));
    batch.forEach((index, position) => {
      answers[index] = rows[position] as number[];
    });
  }
  return answers;
}

function inOrder(count: number, size: number): number[][] {
  const batches: number[][] = [];
  for (let start = 0; start < count; start += size)
    batches.push(Array.from({ length: Math.min(size, count - start) }, (_, i) => start + i));
  return batches;
}

describe.each(['coupled', 'decoupled'] as const)("the demo's calls to the %s model", (name) => {
  test("the lean loop in ragseam's length-sorted batches and session answers token for token as the library did in issue-order batches with the runtime's default session", async () => {
    const calls = await recordDemoCalls(ROOT, name);
    expect(calls.prompts).toHaveLength(1536);
    expect(calls.batches.flat().sort((a: number, b: number) => a - b)).toEqual(
      calls.prompts.map((_: string, i: number) => i),
    );
    const { tokenizer, model } = await loadModel(name);
    const settings = { text2text: false, chat: false, maxNewTokens: 32 };
    const encode = createEncoder(tokenizer, settings);
    const prompts: EncodedPrompt[] = calls.prompts.map((text: string) => ({ text, ids: encode(text) }));
    const lean = chooseDecoder(tokenizer, model, runtimeTensor(library), settings);
    expect(lean.path).toBe('lean');
    const reference = await loadModel(name, 'default');
    const complete = createCompleter(reference.tokenizer, reference.model, settings);
    const libraryAnswers = await decodeInBatches(
      (batch) => complete(batch.map((prompt) => prompt.text)),
      prompts,
      inOrder(prompts.length, 16),
    );
    const leanAnswers = await decodeInBatches(lean.decode, prompts, calls.batches);
    expect(leanAnswers).toEqual(libraryAnswers);
    expect(calls.answers).toEqual(leanAnswers.map((tokens) => decodeAnswer(tokenizer, tokens)));

    // Length-sorted batches carry little padding: at most 10% of the batched tokens.
    let tokens = 0;
    let padded = 0;
    for (const batch of calls.batches) {
      const lengths = batch.map((index) => (prompts[index] as EncodedPrompt).ids.length);
      tokens += lengths.reduce((sum, length) => sum + length, 0);
      padded += Math.max(...lengths) * lengths.length;
    }
    expect(1 - tokens / padded).toBeLessThanOrEqual(0.1);
  }, 180_000);
});

test('answers cut by max_new_tokens (no end-of-sequence token) agree too', async () => {
  const { tokenizer, model } = await loadModel('coupled');
  const passage =
    '[1] Tanule Press: Tanule Press was founded by Nidax Zude in 1858. Tanule Press is based in Tabond.\n';
  const texts = [
    `${passage}question: who founded Tanule Press?\nanswer:`,
    `${passage}question: in which city is Tanule Press based?\nanswer:`,
    'question: where was Zemi Vuki born?\nanswer:',
  ];
  for (const maxNewTokens of [1, 2]) {
    const settings = { text2text: false, chat: false, maxNewTokens };
    const encode = createEncoder(tokenizer, settings);
    const prompts = texts.map((text) => ({ text, ids: encode(text) }));
    const lean = chooseDecoder(tokenizer, model, runtimeTensor(library), settings);
    const fromLibrary = await createCompleter(tokenizer, model, settings)(texts);
    expect(fromLibrary.some((row) => row.length === maxNewTokens)).toBe(true);
    expect(await lean.decode(prompts)).toEqual(fromLibrary);
  }
});

describe('isPlainGreedy: generation settings the lean loop reproduces', () => {
  const cases: [string, Record<string, unknown> | null, boolean][] = [
    ['no generation config', null, true],
    [
      "the fixtures' config",
      { do_sample: false, max_new_tokens: 16, eos_token_id: 2, pad_token_id: 0 },
      true,
    ],
    ['neutral values', { repetition_penalty: 1, no_repeat_ngram_size: 0, min_length: 0, num_beams: 1 }, true],
    ['null values', { suppress_tokens: null, forced_eos_token_id: null, guidance_scale: null }, true],
    ['repetition penalty', { repetition_penalty: 1.2 }, false],
    ['no-repeat n-grams', { no_repeat_ngram_size: 3 }, false],
    ['minimum length', { min_length: 5 }, false],
    ['minimum new tokens', { min_new_tokens: 1 }, false],
    ['beam search', { num_beams: 4 }, false],
    ['suppressed tokens', { suppress_tokens: [5] }, false],
    ['forced EOS', { forced_eos_token_id: 2 }, false],
    ['bad words', { bad_words_ids: [[7]] }, false],
    ['guidance', { guidance_scale: 1.5 }, false],
    ['guidance of 1 is none', { guidance_scale: 1 }, true],
  ];
  test.each(cases)('%s', (_, config, expected) => {
    expect(isPlainGreedy(config)).toBe(expected);
  });
});

test('settings in config.json count too, generation_config.json over them', () => {
  const model = (config: Record<string, unknown>, generation: Record<string, unknown> | null) =>
    ({
      config,
      generation_config: generation,
      sessions: {},
      generate: async () => [],
    }) as unknown as DecodingModel;
  expect(isPlainGreedy(generationSettings(model({ repetition_penalty: 1.3 }, null)))).toBe(false);
  expect(isPlainGreedy(generationSettings(model({ decoder: { no_repeat_ngram_size: 3 } }, {})))).toBe(false);
  expect(
    isPlainGreedy(generationSettings(model({ repetition_penalty: 1.3 }, { repetition_penalty: 1 }))),
  ).toBe(true);
  expect(isPlainGreedy(generationSettings(model({ eos_token_id: 2 }, { eos_token_id: 2 })))).toBe(true);
});

test('encoder-decoder models decode through the library', async () => {
  const pipe = (await library.pipeline('text2text-generation', join(ROOT, 'fixtures/models/text2text'), {
    dtype: 'fp32',
    local_files_only: true,
  })) as unknown as { tokenizer: CompletionTokenizer; model: DecodingModel };
  const settings = { text2text: true, chat: false, maxNewTokens: 8 };
  expect(chooseDecoder(pipe.tokenizer, pipe.model, runtimeTensor(library), settings).path).toBe('library');
});

test('the encoder gives the ids the tokenizer gives, cut to the model maximum length', async () => {
  const { tokenizer } = await loadModel('coupled');
  const settings = { text2text: false, chat: false, maxNewTokens: 4 };
  const encode = createEncoder(tokenizer, settings);
  const long = `${'Zemi Vuki was born in Fado. '.repeat(200)}question: where?\nanswer:`;
  for (const text of ['question: where was Zemi Vuki born?\nanswer:', long]) {
    const { input_ids } = tokenizer([text], { truncation: true, add_special_tokens: false }) as unknown as {
      input_ids: { data: BigInt64Array };
    };
    expect(encode(text)).toEqual(Array.from(input_ids.data, Number));
  }
  expect(encode(long)).toHaveLength(1024);
});
