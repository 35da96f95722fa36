/**
 * A lean greedy decoding loop over a decoder-only ONNX session with a KV cache: the same graph,
 * the same inputs step by step as transformers.js feeds it, without the library's per-step work
 * (token lists, logits processors, a stopping check per row, keeping ended rows in the batch).
 * Rows that reach an end-of-sequence token leave the batch at once (their cache rows dropped,
 * the others' copied into a reused buffer). docs/performance.md has the measurements; a test
 * checks it answers token for token as the library does.
 */
import { logSoftmaxAt } from './teacher-forcing.js';

/** A tensor as onnxruntime returns it (CPU memory). */
export interface RuntimeTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}

/** The part of an onnxruntime `InferenceSession` the loop uses. */
export interface DecoderSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly {
    readonly name: string;
    readonly type?: string;
    readonly shape?: readonly (number | string)[];
  }[];
  run(feeds: Record<string, unknown>): Promise<Record<string, RuntimeTensor>>;
}

/** Makes a runtime input tensor. */
export type TensorFactory = (
  type: 'int64' | 'float32',
  data: BigInt64Array | Float32Array,
  dims: number[],
) => unknown;

export interface GreedyLoopSettings {
  readonly eos: readonly number[];
  /** The token left padding uses (its positions are masked out). */
  readonly padId: number;
  readonly maxNewTokens: number;
  /** Receives each token chosen with its log-probability (how scoring is checked against decoding). */
  readonly onToken?: (row: number, token: number, logprob: number) => void;
}

/** Answer tokens (up to, not including, the first end-of-sequence token) for each prompt. */
export type GreedyDecoder = (rows: readonly (readonly number[])[]) => Promise<number[][]>;

interface CacheInput {
  readonly name: string;
  /** The output that carries its next value (`present.*`). */
  readonly present: string;
  /** Dimensions of the empty first-step cache (symbolic sizes 0; the first one becomes the batch). */
  readonly emptyDims: readonly number[];
}

const PAST = 'past_key_values.';

/**
 * The cache inputs of a graph the loop can drive, or undefined when it cannot: inputs other than
 * input_ids, attention_mask, position_ids and a float32 `past_key_values.*` per `present.*` output.
 */
function cacheInputs(session: DecoderSession): CacheInput[] | undefined {
  if (!session.inputNames.includes('input_ids') || !session.inputNames.includes('attention_mask'))
    return undefined;
  if (!session.outputNames.includes('logits')) return undefined;
  const cache: CacheInput[] = [];
  for (const name of session.inputNames) {
    if (name === 'input_ids' || name === 'attention_mask' || name === 'position_ids') continue;
    const present = `present.${name.slice(PAST.length)}`;
    const meta = session.inputMetadata.find((entry) => entry.name === name);
    if (!name.startsWith(PAST) || !session.outputNames.includes(present)) return undefined;
    if (meta?.type !== 'float32' || meta.shape === undefined) return undefined;
    // As the library builds it: fixed sizes kept, symbolic sizes (batch, past length) empty.
    cache.push({ name, present, emptyDims: meta.shape.map((dim) => (typeof dim === 'number' ? dim : 0)) });
  }
  return cache.length === 0 ? undefined : cache;
}

function argmaxAt(data: Float32Array, offset: number, size: number): number {
  let best = data[offset] as number;
  let index = 0;
  for (let i = 1; i < size; i++) {
    const value = data[offset + i] as number;
    if (value > best) {
      best = value;
      index = i;
    }
  }
  return index;
}

/**
 * The rows `keep` of a [batch, ...] tensor's data, each `rowSize` long, copied into the front of
 * `into`, or of a new buffer when `into` is too small. The caller keeps the buffer returned for
 * the next copy, so steps and batches reuse one buffer per cache input rather than allocating
 * (and zeroing) a new one each time rows leave a batch.
 */
function selectRows(
  data: Float32Array,
  rowSize: number,
  keep: readonly number[],
  into: Float32Array,
): Float32Array {
  const size = keep.length * rowSize;
  const out = into.length >= size ? into : new Float32Array(size);
  // Runs of consecutive rows are copied at once.
  for (let index = 0; index < keep.length; ) {
    const first = keep[index] as number;
    let count = 1;
    while (index + count < keep.length && keep[index + count] === first + count) count++;
    out.set(data.subarray(first * rowSize, (first + count) * rowSize), index * rowSize);
    index += count;
  }
  return out;
}

/**
 * The loop for `session`, or undefined when its inputs are not the plain decoder-with-cache
 * signature (the caller then uses the library's generation).
 */
export function createGreedyLoop(
  session: DecoderSession,
  tensor: TensorFactory,
  settings: GreedyLoopSettings,
): GreedyDecoder | undefined {
  const cache = cacheInputs(session);
  if (cache === undefined) return undefined;
  const positions = session.inputNames.includes('position_ids');

  /** Decodes `rows` into `answers`, copying kept cache rows into the buffers of `kept`. */
  const decodeRows = async (
    rows: readonly (readonly number[])[],
    answers: number[][],
    kept: Map<string, Float32Array>,
  ) => {
    const width = Math.max(...rows.map((row) => row.length));
    // Left-padded prompts; position ids count real tokens only, padding gets 1 (as the library does).
    const ids = new BigInt64Array(rows.length * width).fill(BigInt(settings.padId));
    let mask = new BigInt64Array(rows.length * width);
    const positionData = new BigInt64Array(rows.length * width).fill(1n);
    let seen = rows.map((row) => row.length);
    rows.forEach((row, r) => {
      const start = r * width + width - row.length;
      row.forEach((id, i) => {
        ids[start + i] = BigInt(id);
        mask[start + i] = 1n;
        positionData[start + i] = BigInt(i);
      });
    });
    let active = rows.map((_, r) => r);
    let total = width;
    const feeds: Record<string, unknown> = {
      input_ids: tensor('int64', ids, [rows.length, width]),
      attention_mask: tensor('int64', mask, [rows.length, width]),
    };
    if (positions) feeds.position_ids = tensor('int64', positionData, [rows.length, width]);
    for (const input of cache) {
      const dims = input.emptyDims.map((dim, axis) => (axis === 0 ? rows.length : dim));
      feeds[input.name] = tensor('float32', new Float32Array(0), dims);
    }
    for (let step = 0; step < settings.maxNewTokens; step++) {
      const output = await session.run(feeds);
      const logits = output.logits as RuntimeTensor;
      const data = logits.data as Float32Array;
      const [batch, length, vocab] = logits.dims as [number, number, number];
      const next: number[] = [];
      const keep: number[] = [];
      for (let r = 0; r < batch; r++) {
        const offset = (r * length + length - 1) * vocab;
        const token = argmaxAt(data, offset, vocab);
        if (settings.eos.includes(token)) continue;
        const row = active[r] as number;
        settings.onToken?.(row, token, logSoftmaxAt(data, offset, vocab, token));
        (answers[row] as number[]).push(token);
        next.push(token);
        keep.push(r);
      }
      if (keep.length === 0 || step === settings.maxNewTokens - 1) break;
      const grown = new BigInt64Array(keep.length * (total + 1));
      keep.forEach((r, index) => {
        grown.set(mask.subarray(r * total, (r + 1) * total), index * (total + 1));
        grown[index * (total + 1) + total] = 1n;
      });
      mask = grown;
      total++;
      for (const input of cache) {
        const present = output[input.present] as RuntimeTensor;
        if (keep.length === batch) {
          feeds[input.name] = present;
          continue;
        }
        // Rows that ended leave the batch: the others' cache rows are copied into a reused buffer.
        const from = present.data as Float32Array;
        const rowSize = from.length / batch;
        const into = selectRows(from, rowSize, keep, kept.get(input.name) ?? new Float32Array(0));
        kept.set(input.name, into);
        const dims = [keep.length, ...present.dims.slice(1)];
        feeds[input.name] = tensor('float32', into.subarray(0, keep.length * rowSize), dims);
      }
      feeds.input_ids = tensor('int64', BigInt64Array.from(next, BigInt), [keep.length, 1]);
      feeds.attention_mask = tensor('int64', mask, [keep.length, total]);
      seen = keep.map((r) => seen[r] as number);
      if (positions) feeds.position_ids = tensor('int64', BigInt64Array.from(seen, BigInt), [keep.length, 1]);
      seen = seen.map((count) => count + 1);
      active = keep.map((r) => active[r] as number);
    }
  };

  // Buffers for the cache rows kept when a batch shrinks, one per cache input, reused by the
  // following steps and batches (a call takes a set and gives it back, so calls never share one).
  const spare: Map<string, Float32Array>[] = [];
  return async (rows) => {
    const answers = rows.map((): number[] => []);
    if (rows.length === 0) return answers;
    const kept = spare.pop() ?? new Map<string, Float32Array>();
    try {
      await decodeRows(rows, answers, kept);
    } finally {
      spare.push(kept);
    }
    return answers;
  };
}
