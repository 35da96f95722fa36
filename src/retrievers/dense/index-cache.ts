import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VectorIndex } from './vector-index.js';

/** The cache key of a corpus index: the embedder's fingerprint and the corpus file's bytes. */
export function indexKey(embedderFingerprint: string, corpusBytes: Buffer): string {
  return createHash('sha256')
    .update(embedderFingerprint)
    .update('\0')
    .update(corpusBytes)
    .digest('hex')
    .slice(0, 32);
}

function paths(dir: string, key: string) {
  const folder = join(dir, 'dense-index');
  return { folder, vectors: join(folder, `${key}.f32`), meta: join(folder, `${key}.json`) };
}

/** A cached index, or undefined when there is none or it does not fit its metadata. */
export function readCachedIndex(dir: string, key: string): VectorIndex | undefined {
  const { vectors, meta } = paths(dir, key);
  if (!existsSync(vectors) || !existsSync(meta)) return undefined;
  try {
    const { count, dimension } = JSON.parse(readFileSync(meta, 'utf8')) as {
      count: number;
      dimension: number;
    };
    const bytes = readFileSync(vectors);
    if (bytes.byteLength !== count * dimension * 4) return undefined;
    const matrix = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    return { count, dimension, matrix };
  } catch {
    return undefined;
  }
}

/** Stores an index; vectors first, then metadata, each through a rename, so a torn write is never read. */
export function writeCachedIndex(dir: string, key: string, index: VectorIndex, model: string): void {
  const { folder, vectors, meta } = paths(dir, key);
  mkdirSync(folder, { recursive: true });
  const temporary = `${vectors}.${process.pid}.tmp`;
  writeFileSync(
    temporary,
    Buffer.from(index.matrix.buffer, index.matrix.byteOffset, index.matrix.byteLength),
  );
  renameSync(temporary, vectors);
  writeFileSync(
    `${meta}.${process.pid}.tmp`,
    JSON.stringify({ model, count: index.count, dimension: index.dimension }),
  );
  renameSync(`${meta}.${process.pid}.tmp`, meta);
}
