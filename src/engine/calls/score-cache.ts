import type { ScoreRequest } from '../../generators/types.js';
import { type KeyValueStore, type LineCodec, memoryStore, openJsonlStore } from './jsonl-store.js';
import { requestKeys } from './request-key.js';

/** Log-probabilities of given answers by content-addressed key. Failed calls are never stored. */
export type ScoreCache = KeyValueStore<number>;

/**
 * The cache keys of scores: a key kind of its own (`score`), the generator's id and fingerprint,
 * the question, the exact passages in order and the answer scored (request-key.ts).
 */
export function scoreKeys(generator: {
  readonly id: string;
  readonly fingerprint: string;
}): (request: ScoreRequest) => string {
  const key = requestKeys('score', generator);
  return (request) => key(request, JSON.stringify(request.answer));
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
