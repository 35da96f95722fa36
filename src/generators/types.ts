import type { HttpGeneratorOptions } from './http/options.js';
import type { OpenAIOptions } from './openai/options.js';

/** A passage as a generator is shown it, in rank order. */
export interface PromptPassage {
  readonly id: string;
  readonly title?: string;
  readonly text: string;
}

/** One question with the passages to answer it from (possibly none). */
export interface GenerationRequest {
  readonly question: string;
  readonly passages: readonly PromptPassage[];
}

/** A generator's answer. */
export interface Generation {
  readonly answer: string;
  /** Token log-probabilities of the answer, when the provider returns them. */
  readonly logprobs?: readonly number[];
}

/** Anything that answers a question from passages. */
export interface Generator {
  /** Shown in reports, e.g. "exec:python3 reader.py". Never contains a secret. */
  readonly id: string;
  /**
   * Everything besides the id that changes its answers (template, decoding settings); part of
   * the cache key. Never contains a secret.
   */
  readonly fingerprint: string;
  generate(request: GenerationRequest, signal?: AbortSignal): Promise<Generation>;
  close?(): Promise<void>;
}

/** A generator that answers several requests in one model call. */
export interface BatchGenerator extends Generator {
  /** Largest batch it accepts. */
  readonly maxBatchSize: number;
  /**
   * The request's size in the units a batch is padded to (prompt tokens for a local model);
   * calls of similar size are batched together.
   */
  measure(request: GenerationRequest): number;
  generateBatch(requests: readonly GenerationRequest[], signal?: AbortSignal): Promise<Generation[]>;
}

export function isBatchGenerator(generator: Generator): generator is BatchGenerator {
  return typeof (generator as Partial<BatchGenerator>).generateBatch === 'function';
}

/** An answer to score: how likely the generator is to give `answer` for this question and passages. */
export interface ScoreRequest extends GenerationRequest {
  readonly answer: string;
}

/**
 * How a generator's scores are computed, as the report states it:
 * - `teacher-forced`: log P(answer | prompt), summed over the answer's tokens (local models,
 *   completion servers that echo prompt log-probabilities);
 * - `generated`: the log-probability of the tokens the generator produced itself, which scores
 *   `answer` only when it generated exactly that answer (chat endpoints).
 */
export type ScoringMethod = 'teacher-forced' | 'generated';

/** A generator that can score a given answer, not only generate one. */
export interface ScoringGenerator extends Generator {
  readonly scoring: ScoringMethod;
  /**
   * The total log-probability of each request's answer, in request order. `generated` scoring:
   * NaN for a request whose generated answer is not exactly `answer` (its score is then unknown).
   */
  score(requests: readonly ScoreRequest[], signal?: AbortSignal): Promise<number[]>;
  /** True when scoring runs in-process (a local model), so effect sizes are on by default. */
  readonly scoresLocally?: boolean;
}

export function isScoringGenerator(generator: Generator): generator is ScoringGenerator {
  return typeof (generator as Partial<ScoringGenerator>).score === 'function';
}

/** What a generator factory is given besides its spec argument. */
export interface GeneratorOptions {
  /** Per-call timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Cancels start-up work (loading a model, an exec process's identify request). */
  readonly signal?: AbortSignal;
  /** Follow same-origin redirects that keep the method (HTTP providers). */
  readonly followRedirects?: boolean;
  /** Where a provider's diagnostics (e.g. a child process's stderr) go; undefined discards them. */
  readonly debugLog?: (line: string) => void;
  /** Where a provider's notes to the user go (printed on stderr); undefined discards them. */
  readonly onNotice?: ((message: string) => void) | undefined;
  /** Forbid any network download (local-model providers). */
  readonly offline?: boolean;
  /** A prompt template read from a file, overriding the provider's default. */
  readonly template?: string;
  /** A system message (`--system`), replacing the template file's own. */
  readonly system?: string;
  /** Upper bound on generated tokens (local-model providers). */
  readonly maxNewTokens?: number;
  /** The file `template` was read from, for messages. */
  readonly templateFile?: string;
  /** Longest line a child process may write on stdout or stderr, in bytes (exec generators). */
  readonly maxLineBytes?: number;
  /** Largest batch a local model runs in one call. */
  readonly batchSize?: number;
  /** Where downloaded models are cached (local-model providers). */
  readonly modelCacheDir?: string;
  /** Environment to read API keys and `${NAME}` header values from (the CLI passes its own). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The run asked for effect sizes (`--effect-sizes`): kinds whose scoring the user's program
   * must support (exec's scoring requests) score only then.
   */
  readonly scoreAnswers?: boolean;
  /** Settings of the `openai` kind. */
  readonly openai?: OpenAIOptions;
  /** Settings of the `http` kind. */
  readonly http?: HttpGeneratorOptions;
}

export type GeneratorFactory = (argument: string, options: GeneratorOptions) => Promise<Generator>;
