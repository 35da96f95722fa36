import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Generation, GenerationRequest } from '../../generators/types.js';

/** Generator answers by content-addressed key. Failed calls are never stored. */
export interface AnswerCache {
  get(key: string): Generation | undefined;
  set(key: string, generation: Generation): void;
  close(): void;
  /** The file it persists to, or undefined for an in-memory cache. */
  readonly file: string | undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

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

/** A cache that lives for one run only (`--no-cache`). */
export function memoryCache(): AnswerCache {
  const entries = new Map<string, Generation>();
  return {
    file: undefined,
    get: (key) => entries.get(key),
    set: (key, generation) => void entries.set(key, generation),
    close: () => {},
  };
}

interface CacheLine {
  k: string;
  a: string;
  l?: number[];
}

function parseCacheLine(text: string): CacheLine | undefined {
  try {
    const value = JSON.parse(text) as Partial<CacheLine>;
    if (typeof value.k === 'string' && typeof value.a === 'string') return value as CacheLine;
  } catch {
    // A line torn by a kill mid-write: the call is simply made again.
  }
  return undefined;
}

/**
 * An append-only JSON Lines file per generator under `dir`. Each answer is written with a
 * synchronous append as soon as it arrives, so a run killed at any point (even kill -9) keeps
 * every answer it had received; a torn last line is ignored on the next open.
 */
export function openAnswerCache(dir: string, generator: { id: string; fingerprint: string }): AnswerCache {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `answers-${sha256(`${generator.id}\0${generator.fingerprint}`).slice(0, 20)}.jsonl`);
  const entries = new Map<string, Generation>();
  let needsNewline = false;
  if (existsSync(file)) {
    const content = readFileSync(file, 'utf8');
    for (const text of content.split('\n')) {
      const entry = text === '' ? undefined : parseCacheLine(text);
      if (entry !== undefined)
        entries.set(
          entry.k,
          entry.l === undefined ? { answer: entry.a } : { answer: entry.a, logprobs: entry.l },
        );
    }
    needsNewline = content !== '' && !content.endsWith('\n');
  }
  const fd = openSync(file, 'a');
  if (needsNewline) writeSync(fd, '\n');
  return {
    file,
    get: (key) => entries.get(key),
    set(key, generation) {
      if (entries.has(key)) return;
      entries.set(key, generation);
      const line: CacheLine = { k: key, a: generation.answer };
      if (generation.logprobs !== undefined) line.l = [...generation.logprobs];
      writeSync(fd, `${JSON.stringify(line)}\n`);
    },
    close: () => closeSync(fd),
  };
}
