import { modelError } from '../../backends/transformers.js';
import type { BatchGenerator, Generation, GenerationRequest } from '../types.js';

export interface LocalGeneratorSettings {
  readonly id: string;
  readonly fingerprint: string;
  readonly maxBatchSize: number;
  /** Renders one request as the prompt text. */
  readonly render: (request: GenerationRequest) => string;
  /** Completes a batch of prompts (greedy), one answer per prompt. */
  readonly complete: (prompts: readonly string[]) => Promise<string[]>;
  readonly dispose: () => Promise<void>;
}

/**
 * A local ONNX model behind a transformers.js pipeline. Greedy decoding; a batch of prompts is
 * one model call (left-padded). Calls are serialised: onnxruntime already uses
 * every core for one call, and concurrent runs on one session would only contend.
 */
export class LocalGenerator implements BatchGenerator {
  readonly id: string;
  readonly fingerprint: string;
  readonly maxBatchSize: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly settings: LocalGeneratorSettings) {
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
    let answers: string[];
    try {
      answers = await this.settings.complete(requests.map((request) => this.settings.render(request)));
    } catch (error) {
      throw modelError(this.id, error);
    }
    if (answers.length !== requests.length) {
      throw modelError(this.id, new Error(`expected ${requests.length} answers, got ${answers.length}`));
    }
    return answers.map((answer) => ({ answer }));
  }

  async close(): Promise<void> {
    await this.queue;
    await this.settings.dispose();
  }
}
