import { modelError } from '../../backends/transformers.js';
import type { BatchGenerator, Generation, GenerationRequest } from '../types.js';

/** What the provider needs of a loaded text-generation or text2text-generation pipeline. */
export type GenerationPipeline = (
  inputs: string[] | { role: string; content: string }[][],
  options: Record<string, unknown>,
) => Promise<unknown>;

export interface LocalGeneratorSettings {
  readonly id: string;
  readonly fingerprint: string;
  readonly maxBatchSize: number;
  readonly maxNewTokens: number;
  /** Renders one request as the prompt text. */
  readonly render: (request: GenerationRequest) => string;
  /** Send prompts as chat messages (the tokenizer has a chat template). */
  readonly chat: boolean;
  readonly dispose: () => Promise<void>;
}

function generatedText(output: unknown): string {
  // The pipeline returns [{generated_text}] per input; a chat input's text is the last message.
  const first = Array.isArray(output) ? output[0] : output;
  const text = (first as { generated_text?: unknown } | undefined)?.generated_text;
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) {
    const last = text.at(-1) as { content?: unknown } | undefined;
    if (typeof last?.content === 'string') return last.content;
  }
  throw new Error(`unexpected pipeline output: ${JSON.stringify(output).slice(0, 120)}`);
}

/**
 * A local ONNX model behind a transformers.js pipeline. Greedy decoding; a batch of prompts is
 * one model call (left-padded by the pipeline). Calls are serialised: onnxruntime already uses
 * every core for one call, and concurrent runs on one session would only contend.
 */
export class LocalGenerator implements BatchGenerator {
  readonly id: string;
  readonly fingerprint: string;
  readonly maxBatchSize: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pipe: GenerationPipeline,
    private readonly settings: LocalGeneratorSettings,
  ) {
    this.id = settings.id;
    this.fingerprint = settings.fingerprint;
    this.maxBatchSize = settings.maxBatchSize;
  }

  async generate(request: GenerationRequest): Promise<Generation> {
    const [generation] = await this.generateBatch([request]);
    return generation as Generation;
  }

  generateBatch(requests: readonly GenerationRequest[]): Promise<Generation[]> {
    const run = this.queue.then(() => this.run(requests));
    this.queue = run.catch(() => {});
    return run;
  }

  private async run(requests: readonly GenerationRequest[]): Promise<Generation[]> {
    const prompts = requests.map((request) => this.settings.render(request));
    const inputs = this.settings.chat ? prompts.map((content) => [{ role: 'user', content }]) : prompts;
    let outputs: unknown;
    try {
      outputs = await this.pipe(inputs, {
        max_new_tokens: this.settings.maxNewTokens,
        do_sample: false,
        return_full_text: false,
      });
    } catch (error) {
      throw modelError(this.id, error);
    }
    // The input is always a list, so the output is one list of candidates per input.
    if (!Array.isArray(outputs) || outputs.length !== requests.length) {
      throw modelError(
        this.id,
        new Error(`expected ${requests.length} outputs, got ${JSON.stringify(outputs).slice(0, 120)}`),
      );
    }
    return outputs.map((output) => ({ answer: generatedText(output).trim() }));
  }

  async close(): Promise<void> {
    await this.queue;
    await this.settings.dispose();
  }
}
