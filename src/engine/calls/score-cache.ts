import type { ScoreRequest } from '../../generators/types.js';
import { type KeyValueStore, type LineCodec, memoryStore, openJsonlStore, sha256 } from './jsonl-store.js';

/** Log-probabilities of given answers by content-addressed key. Failed calls are never stored. */
export type ScoreCache = KeyValueStore<number>;

/**
 * The cache key of one score: a key kind of its own (`score`), the generator's id and
 * fingerprint, the question, the exact passages in order and the answer scored.
 */
export function scoreKey(generator: { id: string; fingerprint: string }, request: ScoreRequest): string {
  return sha256(
    JSON.stringify([
      'score',
      generator.id,
      generator.fingerprint,
      request.question,
      request.passages.map((p) => [p.id, p.title ?? null, p.text]),
      request.answer,
    ]),
  );
}

/** `{"k": key, "s": logprob}` per line; a score that is not a finite number is stored as null. */
const scoreLines: LineCodec<number> = {
  encode: (score) => ({ s: Number.isFinite(score) ? score : null }),
  decode(line) {
    if (line.s === null) return Number.NaN;
    return typeof line.s === 'number' ? line.s : undefined;
  },
};

/** A score cache that lives for one run only (`--no-cache`). */
export function memoryScoreCache(): ScoreCache {
  return memoryStore<number>();
}

/** The score cache of one generator under `dir`: `scores-<hash>.jsonl`, append-only. */
export function openScoreCache(
  dir: string,
  generator: { id: string; fingerprint: string },
  clean?: (text: string) => string,
): ScoreCache {
  return openJsonlStore(dir, 'scores', generator, scoreLines, clean);
}
