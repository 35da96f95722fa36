import type { Generation, GenerationRequest } from '../../generators/types.js';
import { type KeyValueStore, type LineCodec, memoryStore, openJsonlStore, sha256 } from './jsonl-store.js';

/** Generator answers by content-addressed key. Failed calls are never stored. */
export type AnswerCache = KeyValueStore<Generation>;

/**
 * The cache key of one call: a hash of the generator's id and fingerprint, the question, the
 * exact passages in order and the sample index. Providers keep secrets out of id and fingerprint.
 */
export function cacheKey(
  generator: { id: string; fingerprint: string },
  request: GenerationRequest,
  sample = 0,
): string {
  return sha256(
    JSON.stringify([
      generator.id,
      generator.fingerprint,
      request.question,
      request.passages.map((p) => [p.id, p.title ?? null, p.text]),
      sample,
    ]),
  );
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

/** An answer cache that lives for one run only (`--no-cache`). */
export function memoryCache(): AnswerCache {
  return memoryStore<Generation>();
}

/** The answer cache of one generator under `dir`: `answers-<hash>.jsonl`, append-only. */
export function openAnswerCache(
  dir: string,
  generator: { id: string; fingerprint: string },
  clean?: (text: string) => string,
): AnswerCache {
  return openJsonlStore(dir, 'answers', generator, answerLines, clean);
}
