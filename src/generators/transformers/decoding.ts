import {
  type CompletionModel,
  type CompletionSettings,
  type CompletionTokenizer,
  createCompleter,
  eosIds,
} from './completions.js';
import { createGreedyLoop, type DecoderSession, type TensorFactory } from './greedy-loop.js';

/** A prompt as rendered, with the token ids the model is given for it. */
export interface EncodedPrompt {
  readonly text: string;
  readonly ids: readonly number[];
}

/** Greedy answer tokens for a batch of prompts. */
export type BatchDecoder = (prompts: readonly EncodedPrompt[]) => Promise<number[][]>;

/** Which implementation decodes: the library's `generate()` or the lean loop over its session. */
export type DecodingPath = 'library' | 'lean';

// Generation settings under which the library's greedy search is a plain argmax per step (no
// logits processor): each is absent or has its neutral value.
const NEUTRAL_SETTINGS: Readonly<Record<string, (value: unknown) => boolean>> = {
  num_beams: (value) => value === 1,
  repetition_penalty: (value) => value === 1,
  no_repeat_ngram_size: (value) => value === 0,
  min_length: (value) => value === 0,
  min_new_tokens: (value) => value === 0,
  guidance_scale: (value) => typeof value === 'number' && value <= 1,
  bad_words_ids: () => false,
  forced_bos_token_id: () => false,
  forced_eos_token_id: () => false,
  suppress_tokens: () => false,
  begin_suppress_tokens: () => false,
};

// Models whose position ids the library starts at 1, or whose generation differs from the plain
// decoder loop.
const SPECIAL_MODEL_TYPES = new Set(['paligemma', 'gemma3_text', 'gemma3']);

/** True when the model's generation config adds nothing to greedy argmax decoding. */
export function isPlainGreedy(
  generationConfig: Readonly<Record<string, unknown>> | null | undefined,
): boolean {
  return Object.entries(NEUTRAL_SETTINGS).every(([key, neutral]) => {
    const value = generationConfig?.[key];
    return value === undefined || value === null || neutral(value);
  });
}

/**
 * The generation settings the library applies: config.json (and its decoder, generator or text
 * sections), then generation_config.json over it, as transformers.js 4.x merges them.
 */
export function generationSettings(model: DecodingModel): Record<string, unknown> {
  const config = model.config as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...config };
  for (const key of ['decoder', 'generator', 'text_config']) {
    const section = config[key];
    if (typeof section === 'object' && section !== null) Object.assign(merged, section);
  }
  return { ...merged, ...(model.generation_config ?? {}) };
}

/** What {@link chooseDecoder} needs of the loaded pipeline. */
export interface DecodingModel extends CompletionModel {
  readonly sessions: Readonly<Record<string, unknown>>;
  readonly config: CompletionModel['config'] & { readonly model_type?: string };
}

/**
 * The lean loop for decoder-only models whose graph and generation settings it reproduces
 * exactly; the library's generation for everything else (encoder-decoder models, logits
 * processors, graphs with other inputs).
 */
export function chooseDecoder(
  tokenizer: CompletionTokenizer & { pad_token_id?: number | null },
  model: DecodingModel,
  tensor: TensorFactory,
  settings: CompletionSettings,
): { path: DecodingPath; decode: BatchDecoder } {
  const session = model.sessions.model as DecoderSession | undefined;
  const eligible =
    !settings.text2text &&
    session !== undefined &&
    !SPECIAL_MODEL_TYPES.has(model.config.model_type ?? '') &&
    isPlainGreedy(generationSettings(model));
  const loop = eligible
    ? createGreedyLoop(session, tensor, {
        eos: eosIds(model),
        padId: tokenizer.pad_token_id ?? 0,
        maxNewTokens: settings.maxNewTokens,
      })
    : undefined;
  if (loop !== undefined) return { path: 'lean', decode: (prompts) => loop(prompts.map((p) => p.ids)) };
  const complete = createCompleter(tokenizer, model, settings);
  return { path: 'library', decode: (prompts) => complete(prompts.map((p) => p.text)) };
}
