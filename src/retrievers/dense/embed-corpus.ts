import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../../backends/embedder.js';
import { isRunning } from '../running-process.js';
import { normalizeInPlace, type VectorIndex } from './vector-index.js';

/** Passages embedded and written per chunk: what an interrupted run loses at most. */
export const EMBED_CHUNK = 2048;

/** Reports passages embedded by this run out of those it has to embed (resumed ones excluded). */
export type EmbedProgress = (done: number, total: number) => void;

interface Partial {
  readonly file: string;
  readonly rows: number;
  readonly dimension: number | undefined;
}

/**
 * The partial embeddings of `key` left by a process that is gone, taken over (renamed to this
 * process) and cut to whole rows, or a new empty one. A partial file whose process still runs
 * is left to it.
 */
function adoptPartial(folder: string, key: string): Partial {
  const own = join(folder, `${key}.${process.pid}.partial.f32`);
  for (const name of existsSync(folder) ? readdirSync(folder) : []) {
    const match = new RegExp(`^${key}\\.(\\d+)\\.partial\\.f32$`).exec(name);
    const pid = Number(match?.[1]);
    if (match === null || (pid !== process.pid && isRunning(pid))) continue;
    try {
      renameSync(join(folder, name), own);
      renameSync(join(folder, `${name}.json`), `${own}.json`);
    } catch {
      continue;
    }
    const { dimension } = JSON.parse(readFileSync(`${own}.json`, 'utf8')) as { dimension: number };
    const rows = Math.floor(statSync(own).size / (dimension * 4));
    return { file: own, rows, dimension };
  }
  return { file: own, rows: 0, dimension: undefined };
}

/**
 * Embeds every passage text, `EMBED_CHUNK` at a time, into unit vectors. With a cache folder
 * each chunk is appended to `<key>.<pid>.partial.f32` as soon as it is done, so a run that is
 * interrupted (Ctrl-C, a crash, a kill) leaves its work behind and the next run continues from
 * the last whole chunk instead of starting over.
 */
export async function embedCorpus(
  embedder: Embedder,
  texts: readonly string[],
  cache: { folder: string; key: string } | undefined,
  onProgress?: EmbedProgress,
  chunkSize = EMBED_CHUNK,
): Promise<VectorIndex> {
  if (cache !== undefined) mkdirSync(cache.folder, { recursive: true });
  const partial = cache === undefined ? undefined : adoptPartial(cache.folder, cache.key);
  const done = partial?.rows ?? 0;
  let matrix: Float32Array | undefined;
  let dimension = partial?.dimension;
  if (partial !== undefined && dimension !== undefined && done > 0) {
    matrix = new Float32Array(texts.length * dimension);
    const bytes = readFileSync(partial.file);
    matrix.set(new Float32Array(bytes.buffer, bytes.byteOffset, done * dimension));
  }
  // Counted from where this run starts, so the rate and the time left are this run's own.
  onProgress?.(0, texts.length - done);
  const fd = partial === undefined ? undefined : openSync(partial.file, done > 0 ? 'r+' : 'w');
  try {
    for (let start = done; start < texts.length; start += chunkSize) {
      const vectors = await embedder.embed(texts.slice(start, start + chunkSize));
      if (dimension === undefined || matrix === undefined) {
        dimension = vectors[0]?.length ?? 0;
        matrix = new Float32Array(texts.length * dimension);
        if (partial !== undefined) writeFileSync(`${partial.file}.json`, JSON.stringify({ dimension }));
      }
      const width = dimension;
      vectors.forEach((vector, row) => {
        (matrix as Float32Array).set(normalizeInPlace(Float32Array.from(vector)), (start + row) * width);
      });
      if (fd !== undefined) {
        const chunk = matrix.subarray(start * width, (start + vectors.length) * width);
        writeSync(
          fd,
          new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
          0,
          chunk.byteLength,
          start * width * 4,
        );
      }
      onProgress?.(start + vectors.length - done, texts.length - done);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const width = dimension ?? 0;
  return { count: texts.length, dimension: width, matrix: matrix ?? new Float32Array(0) };
}

/** Removes this process's partial embeddings once the whole index is stored. */
export function removePartial(folder: string, key: string): void {
  const file = join(folder, `${key}.${process.pid}.partial.f32`);
  rmSync(file, { force: true });
  rmSync(`${file}.json`, { force: true });
}
