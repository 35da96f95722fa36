import type { Passage } from '../../model/types.js';
import { type KeyValueStore, type LineCodec, memoryStore, openJsonlStore, sha256 } from './jsonl-store.js';

/** Results of a remote retriever by content-addressed key; like the answer cache, append-only. */
export type RetrievalCache = KeyValueStore<readonly Passage[]>;

/** The key of one retrieval: retriever id and fingerprint, question id and text, top-k. */
export function retrievalKey(
  retriever: { id: string; fingerprint: string },
  query: { id: string; question: string },
  topK: number,
): string {
  return sha256(JSON.stringify([retriever.id, retriever.fingerprint, query.id, query.question, topK]));
}

/** `{"k": key, "p": passages}` per line. */
const passageLines: LineCodec<readonly Passage[]> = {
  encode: (passages) => ({ p: passages }),
  decode: (line) => (Array.isArray(line.p) ? (line.p as Passage[]) : undefined),
};

/** A retrieval cache that lives for one run only. */
export function memoryRetrievalCache(): RetrievalCache {
  return memoryStore<readonly Passage[]>();
}

/** The retrieval cache of one retriever under `dir`: `retrievals-<hash>.jsonl`, append-only. */
export function openRetrievalCache(
  dir: string,
  retriever: { id: string; fingerprint: string },
  clean?: (text: string) => string,
): RetrievalCache {
  return openJsonlStore(dir, 'retrievals', retriever, passageLines, clean);
}
