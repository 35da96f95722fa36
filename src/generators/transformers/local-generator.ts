import { modelError } from '../../backends/transformers.js';
import type {
  BatchGenerator,
  Generation,
  GenerationRequest,
  ScoreRequest,
  ScoringGenerator,
} from '../types.js';
import type { BatchDecoder, EncodedPrompt } from './decoding.js';
import type { TeacherForcer } from './teacher-forcing.js';

export interface LocalGeneratorSettings {
  readonly id: string;
  readonly fingerprint: string;
  readonly maxBatchSize: number;
  /** Renders one request as the prompt text. */
  readonly render: (request: GenerationRequest) => string;
  /** The token ids the model is given for a prompt text. */
  readonly encode: (prompt: string) => number[];
  /** Greedy answer tokens for a batch of prompts, one row per prompt. */
  readonly decode: BatchDecoder;
  /** The answer text of answer tokens. */
  readonly detokenize: (tokens: number[]) => string;
  /** The token ids of an answer as the continuation of a prompt text. */
  readonly encodeAnswer: (prompt: string, answer: string) => number[];
  /** Total log-probabilities of answers given prompts, in one forward pass per batch. */
  readonly teacherForce: TeacherForcer;
  /** The longest token sequence the model takes. */
  readonly maxLength: number;
  readonly dispose: () => Promise<void>;
  /** Receives one line per batch: its prompts, prompt tokens and padding tokens. */
  readonly debugLog?: ((line: string) => void) | undefined;
  /** Told once, at close, how many prompts reached the model's limit and were cut. */
  readonly onNotice?: ((message: string) => void) | undefined;
}

/**
 * A local ONNX model behind a transformers.js pipeline. Greedy decoding; a batch of prompts is
 * one model call (left-padded). It scores given answers by teacher forcing (one forward pass per
 * batch, no decoding loop). Calls are serialised: onnxruntime already uses
 * every core for one call, and concurrent runs on one session would only contend.
 */
export class LocalGenerator implements BatchGenerator, ScoringGenerator {
  readonly id: string;
  readonly scoring = 'teacher-forced';
  readonly scoresLocally = true;
  readonly fingerprint: string;
  readonly maxBatchSize: number;
  private queue: Promise<unknown> = Promise.resolve();
  // Each request is tokenized once: when the scheduler measures it, then again only if it was not.
  private readonly encoded = new WeakMap<GenerationRequest, EncodedPrompt>();
  private prompts = 0;
  private promptsAtLimit = 0;

  constructor(private readonly settings: LocalGeneratorSettings) {
    this.id = settings.id;
    this.fingerprint = settings.fingerprint;
    this.maxBatchSize = settings.maxBatchSize;
  }

  /** The request's prompt length in tokens. */
  measure(request: GenerationRequest): number {
    try {
      return this.encode(request).ids.length;
    } catch (error) {
      throw modelError(this.id, error);
    }
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

  score(requests: readonly ScoreRequest[]): Promise<number[]> {
    const run = this.queue.then(() => this.runScores(requests));
    this.queue = run.catch(() => {});
    return run;
  }

  private async runScores(requests: readonly ScoreRequest[]): Promise<number[]> {
    try {
      const rows = requests.map((request) => {
        const prompt = this.encode(request);
        const answer = this.settings.encodeAnswer(prompt.text, request.answer);
        // The prompt is cut as generation cuts it, leaving room for the answer.
        const room = Math.max(1, this.settings.maxLength - answer.length);
        return { prompt: prompt.ids.length > room ? prompt.ids.slice(0, room) : prompt.ids, answer };
      });
      this.logBatch(rows.map((row) => ({ text: '', ids: [...row.prompt, ...row.answer] })));
      return await this.settings.teacherForce(rows);
    } catch (error) {
      throw modelError(this.id, error);
    }
  }

  private encode(request: GenerationRequest): EncodedPrompt {
    let prompt = this.encoded.get(request);
    if (prompt === undefined) {
      const text = this.settings.render(request);
      prompt = { text, ids: this.settings.encode(text) };
      this.encoded.set(request, prompt);
      this.prompts++;
      if (prompt.ids.length >= this.settings.maxLength) this.promptsAtLimit++;
    }
    return prompt;
  }

  private async run(requests: readonly GenerationRequest[]): Promise<Generation[]> {
    let answers: number[][];
    try {
      const prompts = requests.map((request) => this.encode(request));
      this.logBatch(prompts);
      answers = await this.settings.decode(prompts);
    } catch (error) {
      throw modelError(this.id, error);
    }
    if (answers.length !== requests.length) {
      throw modelError(this.id, new Error(`expected ${requests.length} answers, got ${answers.length}`));
    }
    return answers.map((tokens) => ({ answer: this.settings.detokenize(tokens) }));
  }

  private logBatch(prompts: readonly EncodedPrompt[]): void {
    if (this.settings.debugLog === undefined) return;
    const tokens = prompts.reduce((sum, prompt) => sum + prompt.ids.length, 0);
    const padding = Math.max(...prompts.map((prompt) => prompt.ids.length)) * prompts.length - tokens;
    this.settings.debugLog(`batch of ${prompts.length} prompts: ${tokens} prompt tokens, ${padding} padding`);
  }

  async close(): Promise<void> {
    await this.queue;
    await this.settings.dispose();
    if (this.promptsAtLimit > 0)
      this.settings.onNotice?.(
        `${this.promptsAtLimit} of ${this.prompts} prompts reached the model's limit of ${this.settings.maxLength} tokens and lost their end to fit (the default template ends with the question), so their answers may not answer it: lower --top-k, shorten the passages, or use a model with a longer context`,
      );
  }
}
