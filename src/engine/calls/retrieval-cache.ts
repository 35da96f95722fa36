import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Passage } from '../../model/types.js';

/** Results of a remote retriever by content-addressed key; like the answer cache, append-only. */
export interface RetrievalCache {
  get(key: string): Passage[] | undefined;
  set(key: string, passages: readonly Passage[]): void;
  close(): void;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key of one retrieval: retriever id and fingerprint, question id and text, top-k. */
export function retrievalKey(
  retriever: { id: string; fingerprint: string },
  query: { id: string; question: string },
  topK: number,
): string {
  return sha256(JSON.stringify([retriever.id, retriever.fingerprint, query.id, query.question, topK]));
}

/** A retrieval cache that lives for one run only. */
export function memoryRetrievalCache(): RetrievalCache {
  const entries = new Map<string, Passage[]>();
  return {
    get: (key) => entries.get(key),
    set: (key, passages) => void entries.set(key, [...passages]),
    close: () => {},
  };
}

/**
 * One JSON Lines file per retriever under `dir`, appended synchronously as each result arrives,
 * so a run killed at any point keeps every retrieval it had; a torn last line is ignored.
 */
export function openRetrievalCache(
  dir: string,
  retriever: { id: string; fingerprint: string },
): RetrievalCache {
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `retrievals-${sha256(`${retriever.id}\0${retriever.fingerprint}`).slice(0, 20)}.jsonl`,
  );
  const entries = new Map<string, Passage[]>();
  let needsNewline = false;
  if (existsSync(file)) {
    const content = readFileSync(file, 'utf8');
    for (const text of content.split('\n')) {
      try {
        const line = JSON.parse(text) as { k?: unknown; p?: unknown };
        if (typeof line.k === 'string' && Array.isArray(line.p)) entries.set(line.k, line.p as Passage[]);
      } catch {
        // A line torn by a kill mid-write: that retrieval is simply made again.
      }
    }
    needsNewline = content !== '' && !content.endsWith('\n');
  }
  const fd = openSync(file, 'a');
  if (needsNewline) writeSync(fd, '\n');
  return {
    get: (key) => entries.get(key),
    set(key, passages) {
      if (entries.has(key)) return;
      entries.set(key, [...passages]);
      writeSync(fd, `${JSON.stringify({ k: key, p: passages })}\n`);
    },
    close: () => closeSync(fd),
  };
}
