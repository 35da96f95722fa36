/**
 * Sentence embedders (`dense:` retrieval, `semantic:` matching) on @huggingface/transformers: the
 * library loads the tokenizer and the ONNX model; pooling, normalisation and the token limit follow
 * the sentence-transformers export, as its Python library would embed.
 */
import {
  type LoadOptions,
  loadLibrary,
  locateModel,
  type ModelLocation,
  modelError,
  pipelineOptions,
  readModelJson,
} from './transformers.js';

/** A sentence embedder: texts in, one vector per text out. */
export interface Embedder {
  readonly id: string;
  /** Changes whenever the model's outputs could. */
  readonly fingerprint: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface EmbeddingSettings {
  readonly pooling: 'mean' | 'cls';
  readonly normalize: boolean;
  /** Texts are cut to this many tokens (special tokens included); undefined: the tokenizer's own limit. */
  readonly maxTokens: number | undefined;
}

/**
 * Model families whose position ids start after the padding index, so two of their
 * `max_position_embeddings` positions can never hold a token.
 */
const OFFSET_POSITIONS = new Set(['roberta', 'xlm-roberta', 'camembert', 'mpnet']);

const positiveInteger = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

/**
 * Pooling and normalisation as a sentence-transformers export says (1_Pooling/config.json,
 * modules.json); without those files, mean pooling and unit length. The token limit is the
 * export's `max_seq_length` (sentence_bert_config.json), never more than the model has positions
 * for: a text longer than that is cut, where it would otherwise fail in the model.
 */
export function embeddingSettings(location: ModelLocation): EmbeddingSettings {
  const pooling = readModelJson(location, '1_Pooling/config.json');
  const modules = readModelJson(location, 'modules.json') as unknown;
  const normalize = Array.isArray(modules)
    ? modules.some((module) => String((module as { type?: unknown }).type ?? '').endsWith('.Normalize'))
    : true;
  const config = readModelJson(location, 'config.json');
  const positions = positiveInteger(config?.max_position_embeddings);
  const usable =
    positions === undefined
      ? undefined
      : positions - (OFFSET_POSITIONS.has(String(config?.model_type)) ? 2 : 0);
  const declared = positiveInteger(readModelJson(location, 'sentence_bert_config.json')?.max_seq_length);
  const limits = [usable, declared].filter((limit): limit is number => limit !== undefined && limit > 0);
  return {
    pooling: pooling?.pooling_mode_cls_token === true ? 'cls' : 'mean',
    normalize,
    maxTokens: limits.length === 0 ? undefined : Math.min(...limits),
  };
}

const EMBED_BATCH = 64;

interface TensorLike {
  readonly data: unknown;
  readonly dims: number[];
  slice(...ranges: (number | null)[]): TensorLike;
  normalize(p: number, dim: number): TensorLike;
}

/** Loads a feature-extraction model as an {@link Embedder}. */
export async function loadEmbedder(model: string, options: LoadOptions): Promise<Embedder> {
  const location = locateModel(model, options);
  const settings = embeddingSettings(location);
  const library = await loadLibrary(options);
  let extractor: Awaited<ReturnType<typeof library.pipeline<'feature-extraction'>>>;
  try {
    extractor = await library.pipeline(
      'feature-extraction',
      location.name,
      pipelineOptions(location, options),
    );
  } catch (error) {
    throw modelError(model, error, { location, options });
  }
  // What the library's feature-extraction pipeline does, with the token limit passed on.
  const embedBatch = async (texts: string[]): Promise<TensorLike> => {
    const inputs = extractor.tokenizer(texts, {
      padding: true,
      truncation: true,
      ...(settings.maxTokens === undefined ? {} : { max_length: settings.maxTokens }),
    });
    const outputs = (await extractor.model(inputs)) as Record<string, TensorLike | undefined>;
    const hidden = (outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings) as TensorLike;
    const pooled =
      settings.pooling === 'cls'
        ? hidden.slice(null, 0)
        : (library.mean_pooling(hidden as never, inputs.attention_mask) as unknown as TensorLike);
    return settings.normalize ? pooled.normalize(2, -1) : pooled;
  };
  return {
    id: model,
    fingerprint: [
      location.fingerprint,
      settings.pooling,
      settings.normalize ? 'norm' : 'raw',
      ...(settings.maxTokens === undefined ? [] : [`max${settings.maxTokens}`]),
    ].join(';'),
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += EMBED_BATCH) {
        const batch = texts.slice(start, start + EMBED_BATCH);
        let output: TensorLike;
        try {
          output = await embedBatch([...batch]);
        } catch (error) {
          throw modelError(model, error);
        }
        const data = output.data as Float32Array;
        const dimension = output.dims.at(-1) as number;
        for (let row = 0; row < batch.length; row++)
          vectors.push(data.slice(row * dimension, (row + 1) * dimension));
      }
      return vectors;
    },
    dispose: async () => {
      await extractor.dispose();
    },
  };
}
