import {
  generatorSessionOptions,
  loadLibrary,
  locateModel,
  modelError,
  pipelineOptions,
  readModelJson,
  runtimeTensor,
} from '../../backends/transformers.js';
import { UsageError } from '../../model/errors.js';
import { formatPassageLines, promptHash, renderFlatPrompt, resolvePrompt } from '../prompt-template.js';
import type { GeneratorFactory } from '../types.js';
import { type CompletionTokenizer, createAnswerEncoder, createEncoder, decodeAnswer } from './completions.js';
import { chooseDecoder, type DecodingModel } from './decoding.js';
import { LocalGenerator } from './local-generator.js';
import { createTeacherForcer, type ForwardModel } from './teacher-forcing.js';

/**
 * The prompt local models get by default: one line per passage (`[1] Title: text`), then the
 * question. docs/providers.md documents it; `--template <file>` replaces it.
 */
export const LOCAL_PROMPT_TEMPLATE = '{{passages}}question: {{question}}\nanswer:';

const DEFAULT_MAX_NEW_TOKENS = 32;
const DEFAULT_BATCH_SIZE = 16;
const ENCODER_DECODER = new Set(['t5', 'mt5', 'bart', 'mbart', 'marian', 'pegasus', 'longt5', 'flan-t5']);

/**
 * `transformers:<model>`: a local ONNX export (folder) or a Hugging Face id, through
 * @huggingface/transformers on onnxruntime-node. Decoder-only models run as text-generation
 * (with the tokenizer's chat template when it has one); encoder-decoder models as text2text.
 */
export const createTransformersGenerator: GeneratorFactory = async (model, options) => {
  const load = {
    offline: options.offline ?? false,
    ...(options.modelCacheDir === undefined ? {} : { modelCacheDir: options.modelCacheDir }),
  };
  const location = locateModel(model, load);
  const prompt = resolvePrompt(
    options,
    LOCAL_PROMPT_TEMPLATE,
    options.templateFile ?? 'the default template',
  );
  const maxNewTokens = options.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS;
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1)
    throw new UsageError('--max-new-tokens must be a positive integer');

  const config = readModelJson(location, 'config.json');
  const tokenizerConfig = readModelJson(location, 'tokenizer_config.json');
  const text2text =
    config?.is_encoder_decoder === true || ENCODER_DECODER.has(String(config?.model_type ?? ''));
  const chat = !text2text && typeof tokenizerConfig?.chat_template === 'string';

  const library = await loadLibrary(load);
  let pipe: {
    tokenizer: CompletionTokenizer & { pad_token_id?: number | null };
    model: DecodingModel & ForwardModel;
    dispose?: () => Promise<void>;
  };
  try {
    // The pipeline resolves the model and tokenizer classes; generation is driven below, so that
    // each row of a batch ends at its own end-of-sequence token.
    pipe = (await library.pipeline(
      text2text ? 'text2text-generation' : 'text-generation',
      location.name,
      pipelineOptions(location, load, generatorSessionOptions()),
    )) as unknown as typeof pipe;
  } catch (error) {
    throw modelError(`transformers:${model}`, error, { location, options: load });
  }
  const settings = { text2text, chat, maxNewTokens };
  const padId = pipe.tokenizer.pad_token_id ?? 0;
  const decoderStart = config?.decoder_start_token_id;
  return new LocalGenerator({
    id: `transformers:${model}`,
    fingerprint: `model=${location.fingerprint};template=${promptHash(prompt)};max_new_tokens=${maxNewTokens};greedy`,
    maxBatchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    render: (request) => renderFlatPrompt(prompt, request, formatPassageLines),
    encode: createEncoder(pipe.tokenizer, settings),
    decode: chooseDecoder(pipe.tokenizer, pipe.model, runtimeTensor(library), settings).decode,
    detokenize: (tokens) => decodeAnswer(pipe.tokenizer, tokens),
    encodeAnswer: createAnswerEncoder(pipe.tokenizer, settings),
    teacherForce: createTeacherForcer(
      pipe.model,
      (type, data, dims) => new library.Tensor(type, data, dims),
      {
        text2text,
        padId,
        decoderStartId: typeof decoderStart === 'number' ? decoderStart : padId,
      },
    ),
    maxLength: pipe.tokenizer.model_max_length ?? Number.POSITIVE_INFINITY,
    debugLog: options.debugLog,
    onNotice: options.onNotice,
    dispose: async () => {
      await pipe.dispose?.();
    },
  });
};
