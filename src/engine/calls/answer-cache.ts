import type { Generation, GenerationRequest } from '../../generators/types.js';
import { type KeyValueStore, type LineCodec, memoryStore, openJsonlStore } from './jsonl-store.js';
import { requestKeys } from './request-key.js';
import { type WindowStore, windowStore } from './window-store.js';

/** Generator answers by content-addressed key. Failed calls are never stored. */
export type AnswerCache = KeyValueStore<Generation>;

/**
 * The cache key of one call: a hash of the generator's id and fingerprint, the question, the
 * exact passages in order and the sample index (request-key.ts). Providers keep secrets out of id
 * and fingerprint.
 */
export function answerKeys(generator: {
  readonly id: string;
  readonly fingerprint: string;
}): (request: GenerationRequest, sample?: number) => string {
  const key = requestKeys('answer', generator);
  return (request, sample = 0) => key(request, String(sample));
}

/** The cache key of one call; {@link answerKeys} digests each passage once for many calls. */
export function cacheKey(
  generator: { id: string; fingerprint: string },
  request: GenerationRequest,
  sample = 0,
): string {
  return answerKeys(generator)(request, sample);
}

/** `{"k": key, "a": answer, "l"?: logprobs}` per line. */
const answerLines: LineCodec<Generation> = {
  encode: (generation) =>
    generation.logprobs === undefined
      ? { a: generation.answer }
      : { a: generation.answer, l: [...generation.logprobs] },
  decode(line) {
    if (typeof line.a !== 'string') return undefined;
    return Array.isArray(line.l) ? { answer: line.a, logprobs: line.l as number[] } : { answer: line.a };
  },
};

/** An answer cache that lives for one run only and keeps every answer (`--no-cache` with early stopping). */
export function memoryCache(): AnswerCache {
  return memoryStore<Generation>();
}

/** An answer cache that lives for one run only and keeps the windows in flight (`--no-cache`). */
export function windowCache(): WindowStore<Generation> {
  return windowStore<Generation>();
}

/** The answer cache of one generator under `dir`: `answers-<hash>.jsonl`, append-only. */
export function openAnswerCache(
  dir: string,
  generator: { id: string; fingerprint: string },
  clean?: (text: string) => string,
): AnswerCache {
  return openJsonlStore(dir, 'answers', generator, answerLines, clean);
}
