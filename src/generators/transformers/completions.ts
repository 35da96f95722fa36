/**
 * The generated part of each output row: the tokens after the first `promptLength`, up to (not
 * including) the first end-of-sequence token. transformers.js keeps generating for rows of a batch
 * that have already ended until every row has, so whatever follows a row's first EOS is not part
 * of its answer; cutting here makes a batched answer equal the one-at-a-time answer.
 */
export function answerTokens(
  row: readonly (number | bigint)[],
  promptLength: number,
  eos: readonly number[],
): number[] {
  const fresh = row.slice(promptLength).map(Number);
  const end = fresh.findIndex((id) => eos.includes(id));
  return end === -1 ? fresh : fresh.slice(0, end);
}

/** What the provider uses of a loaded tokenizer. */
export interface CompletionTokenizer {
  padding_side: string;
  (
    texts: string[],
    options: Record<string, unknown>,
  ): { input_ids: { dims: number[] } } & Record<string, unknown>;
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  model_max_length?: number;
  apply_chat_template(
    messages: { role: string; content: string }[],
    options: Record<string, unknown>,
  ): unknown;
  add_bos_token?: boolean;
  add_eos_token?: boolean;
}

/** What the provider uses of a loaded model. */
export interface CompletionModel {
  generate(inputs: Record<string, unknown>): Promise<unknown>;
  config: { eos_token_id?: number | number[] | null };
  generation_config?: { eos_token_id?: number | number[] | null } | null;
}

export interface CompletionSettings {
  /** Encoder-decoder (T5-style): outputs are decoder sequences starting with the start token. */
  readonly text2text: boolean;
  /** Wrap each prompt as a user message through the tokenizer's chat template. */
  readonly chat: boolean;
  readonly maxNewTokens: number;
}

export function eosIds(model: CompletionModel): number[] {
  const configured = model.generation_config?.eos_token_id ?? model.config.eos_token_id;
  if (configured === null || configured === undefined) return [];
  return Array.isArray(configured) ? configured : [configured];
}

/** The text the model is given for a prompt: wrapped as a user message when chat is on. */
function promptText(tokenizer: CompletionTokenizer, settings: CompletionSettings, prompt: string): string {
  if (!settings.chat) return prompt;
  return String(
    tokenizer.apply_chat_template([{ role: 'user', content: prompt }], {
      tokenize: false,
      add_generation_prompt: true,
    }),
  );
}

/**
 * As the pipelines do: decoder-only prompts take special tokens only when the tokenizer asks for
 * them (a chat template already has them); T5-style inputs take them.
 */
function addsSpecialTokens(tokenizer: CompletionTokenizer, settings: CompletionSettings): boolean {
  return (
    settings.text2text || (!settings.chat && Boolean(tokenizer.add_bos_token || tokenizer.add_eos_token))
  );
}

/**
 * The token ids the model is given for one prompt: the row {@link createCompleter} builds for it,
 * before padding (the tokenizer encodes each text on its own, cuts it to the model's maximum
 * length and pads afterwards).
 */
export function createEncoder(
  tokenizer: CompletionTokenizer,
  settings: CompletionSettings,
): (prompt: string) => number[] {
  const addSpecialTokens = addsSpecialTokens(tokenizer, settings);
  const maxLength = tokenizer.model_max_length ?? Number.POSITIVE_INFINITY;
  return (prompt) => {
    const ids = tokenizer.encode(promptText(tokenizer, settings, prompt), {
      add_special_tokens: addSpecialTokens,
    });
    return ids.length > maxLength ? ids.slice(0, maxLength) : ids;
  };
}

/**
 * The token ids of `answer` as the continuation of `prompt`, for scoring. Encoder-decoder models:
 * the answer on its own (it is the decoder's input). Decoder-only models: the tokens the prompt
 * and answer get together past the prompt's own tokens (so a merge across the boundary is seen as
 * the model would see it), joined by a space unless the prompt ends in whitespace (a chat
 * template's assistant header), as a greedy answer is detokenized and trimmed.
 */
export function createAnswerEncoder(
  tokenizer: CompletionTokenizer,
  settings: CompletionSettings,
): (prompt: string, answer: string) => number[] {
  const addSpecialTokens = addsSpecialTokens(tokenizer, settings);
  return (prompt, answer) => {
    if (settings.text2text) return tokenizer.encode(answer, { add_special_tokens: false });
    const text = promptText(tokenizer, settings, prompt);
    const joiner = text === '' || /\s$/u.test(text) ? '' : ' ';
    const alone = tokenizer.encode(text, { add_special_tokens: addSpecialTokens });
    const whole = tokenizer.encode(`${text}${joiner}${answer}`, { add_special_tokens: addSpecialTokens });
    const prefixed = alone.every((id, i) => whole[i] === id);
    return prefixed && whole.length > alone.length
      ? whole.slice(alone.length)
      : tokenizer.encode(`${joiner}${answer}`, { add_special_tokens: false });
  };
}

/** The answer text of answer tokens. */
export function decodeAnswer(tokenizer: CompletionTokenizer, tokens: number[]): string {
  // A model that ends at once has answered nothing (transformers.js refuses to decode no tokens).
  if (tokens.length === 0) return '';
  return tokenizer.decode(tokens, { skip_special_tokens: true }).trim();
}

/** Answer tokens for a batch of prompts. */
export type TokenCompleter = (prompts: readonly string[]) => Promise<number[][]>;

/**
 * Greedy completion of a batch of prompts with a transformers.js tokenizer and model, the way
 * the library's text-generation and text2text-generation pipelines prepare their inputs, but
 * decoding each row only up to its own end-of-sequence token.
 */
export function createCompleter(
  tokenizer: CompletionTokenizer,
  model: CompletionModel,
  settings: CompletionSettings,
): TokenCompleter {
  const eos = eosIds(model);
  const addSpecialTokens = addsSpecialTokens(tokenizer, settings);
  return async (prompts) => {
    const texts = prompts.map((prompt) => promptText(tokenizer, settings, prompt));
    // Decoder-only prompts are left-padded, as the text-generation pipeline does.
    if (!settings.text2text) tokenizer.padding_side = 'left';
    const inputs = tokenizer(texts, {
      padding: true,
      truncation: true,
      add_special_tokens: addSpecialTokens,
    });
    const output = (await model.generate({
      ...inputs,
      max_new_tokens: settings.maxNewTokens,
      do_sample: false,
    })) as {
      tolist(): (number | bigint)[][];
    };
    const promptLength = settings.text2text ? 1 : (inputs.input_ids.dims[1] as number);
    return output.tolist().map((row) => answerTokens(row, promptLength, eos));
  };
}
