/**
 * Scoring a given answer by teacher forcing: the prompt and the answer go through the model in
 * one forward pass (no decoding loop), and the answer's log-probability is the sum, over its
 * tokens, of the log-softmax of the logits at the position before each token.
 */

/** A tensor as the library returns it (CPU memory). */
export interface LogitsTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** The part of a loaded transformers.js model teacher forcing uses: its forward pass. */
export interface ForwardModel {
  forward(inputs: Record<string, unknown>): Promise<{ logits: LogitsTensor }>;
}

/** Makes a library tensor (what `forward` takes). */
export type LibraryTensorFactory = (type: 'int64', data: BigInt64Array, dims: number[]) => unknown;

/** One answer to score: the prompt's token ids as the model is given them, then the answer's. */
export interface ScoredTokens {
  readonly prompt: readonly number[];
  readonly answer: readonly number[];
}

export interface TeacherForcingSettings {
  /** Encoder-decoder: the prompt goes to the encoder, the answer to the decoder. */
  readonly text2text: boolean;
  readonly padId: number;
  /** The decoder's first token (encoder-decoder models). */
  readonly decoderStartId: number;
}

/** The total log-probability of each row's answer, in row order. */
export type TeacherForcer = (rows: readonly ScoredTokens[]) => Promise<number[]>;

/** log softmax(logits)[token] of the `size` logits at `offset`, in double precision. */
export function logSoftmaxAt(data: Float32Array, offset: number, size: number, token: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < size; i++) max = Math.max(max, data[offset + i] as number);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += Math.exp((data[offset + i] as number) - max);
  return (data[offset + token] as number) - max - Math.log(sum);
}

/** Rows of ids padded to one width: `left` puts the padding first. Returns ids and mask. */
function padRows(rows: readonly (readonly number[])[], padId: number, left: boolean) {
  const width = Math.max(1, ...rows.map((row) => row.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(padId));
  const mask = new BigInt64Array(rows.length * width);
  rows.forEach((row, r) => {
    const start = r * width + (left ? width - row.length : 0);
    row.forEach((id, i) => {
      ids[start + i] = BigInt(id);
      mask[start + i] = 1n;
    });
  });
  return { ids, mask, width };
}

/**
 * Sums the answer tokens' log-probabilities of row `r`: answer token `i` is at position
 * `first + i` of the row, predicted by the logits at the position before it.
 */
function answerLogprob(logits: LogitsTensor, r: number, first: number, answer: readonly number[]): number {
  const [, length, vocab] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  let total = 0;
  answer.forEach((token, i) => {
    total += logSoftmaxAt(data, (r * length + first + i - 1) * vocab, vocab, token);
  });
  return total;
}

/**
 * The teacher forcer of a loaded model. Decoder-only rows are prompt + answer, left-padded (the
 * library derives position ids from the mask, as it does when generating); encoder-decoder rows
 * give the prompt to the encoder and the decoder start token + answer to the decoder.
 */
export function createTeacherForcer(
  model: ForwardModel,
  tensor: LibraryTensorFactory,
  settings: TeacherForcingSettings,
): TeacherForcer {
  return async (rows) => {
    if (rows.length === 0) return [];
    if (settings.text2text) {
      const encoder = padRows(
        rows.map((row) => row.prompt),
        settings.padId,
        false,
      );
      const decoder = padRows(
        rows.map((row) => [settings.decoderStartId, ...row.answer]),
        settings.padId,
        false,
      );
      const { logits } = await model.forward({
        input_ids: tensor('int64', encoder.ids, [rows.length, encoder.width]),
        attention_mask: tensor('int64', encoder.mask, [rows.length, encoder.width]),
        decoder_input_ids: tensor('int64', decoder.ids, [rows.length, decoder.width]),
        decoder_attention_mask: tensor('int64', decoder.mask, [rows.length, decoder.width]),
      });
      return rows.map((row, r) => answerLogprob(logits, r, 1, row.answer));
    }
    const joined = padRows(
      rows.map((row) => [...row.prompt, ...row.answer]),
      settings.padId,
      true,
    );
    const { logits } = await model.forward({
      input_ids: tensor('int64', joined.ids, [rows.length, joined.width]),
      attention_mask: tensor('int64', joined.mask, [rows.length, joined.width]),
    });
    return rows.map((row, r) => answerLogprob(logits, r, joined.width - row.answer.length, row.answer));
  };
}
