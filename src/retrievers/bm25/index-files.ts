import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isRunning } from '../running-process.js';
import { BM25_INDEX_VERSION, BM25_PARAMS } from './scoring.js';

/** The files of one index folder. Arrays are raw little-endian typed-array bytes. */
export const INDEX_FILES = {
  meta: 'meta.json',
  terms: 'terms.json',
  termStarts: 'term-starts.f64',
  blockFirsts: 'block-firsts.u32',
  termPeaks: 'term-peaks.f64',
  passageIds: 'passage-ids.u32',
  frequencies: 'frequencies.u32',
  lengths: 'lengths.u32',
  passages: 'passages.jsonl',
  passageOffsets: 'passage-offsets.f64',
} as const;

/** What `meta.json` records; written last, so a folder with it is complete. */
export interface Bm25Meta {
  readonly version: number;
  /** Passages in the corpus. */
  readonly count: number;
  /** Mean passage length (distinct tokens), the running mean over the corpus in order. */
  readonly averageLength: number;
  /** Distinct terms. */
  readonly terms: number;
  /** (term, passage) pairs. */
  readonly postings: number;
}

/**
 * The cache key of a corpus's BM25 index: the corpus file's bytes (read as a stream), the BM25
 * parameters and the index version.
 */
export function bm25IndexKey(corpusFile: string): string {
  const hash = createHash('sha256').update(JSON.stringify({ BM25_PARAMS, BM25_INDEX_VERSION }));
  // Synchronous reads of large blocks: hashing a corpus of hundreds of MB is then bound by the
  // hash, not by a stream's scheduling.
  const block = Buffer.allocUnsafe(1 << 24);
  const fd = openSync(corpusFile, 'r');
  try {
    let read = readSync(fd, block, 0, block.length, null);
    while (read > 0) {
      hash.update(block.subarray(0, read));
      read = readSync(fd, block, 0, block.length, null);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex').slice(0, 32);
}

export function writeArray(file: string, array: Uint32Array | Float64Array): void {
  writeFileSync(file, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

export function readArray<T extends Uint32Array | Float64Array>(
  file: string,
  type: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number },
): T {
  const bytes = readFileSync(file);
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new type(copy);
}

/** The folder of a cached index, if it is complete and of this version. */
export function findIndex(cacheDir: string, key: string): string | undefined {
  const folder = join(cacheDir, 'bm25-index', key);
  const meta = join(folder, INDEX_FILES.meta);
  if (!existsSync(meta)) return undefined;
  try {
    const { version } = JSON.parse(readFileSync(meta, 'utf8')) as Bm25Meta;
    return version === BM25_INDEX_VERSION ? folder : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the private folders of builds whose process is gone (killed or crashed mid-build). */
function removeAbandonedBuilds(root: string): void {
  for (const name of readdirSync(root)) {
    const pid = /\.(\d+)\.tmp$/.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid)))
      rmSync(join(root, name), { recursive: true, force: true });
  }
}

/**
 * Builds into a private folder and renames it into place, so a reader never sees a half-written
 * index; when another process (a parallel shard) got there first, its index is kept.
 */
export async function storeIndex(
  cacheDir: string,
  key: string,
  build: (folder: string) => Promise<unknown>,
): Promise<string> {
  const root = join(cacheDir, 'bm25-index');
  const folder = join(root, key);
  const temporary = join(root, `${key}.${process.pid}.tmp`);
  mkdirSync(temporary, { recursive: true });
  removeAbandonedBuilds(root);
  try {
    await build(temporary);
    if (findIndex(cacheDir, key) === undefined) {
      rmSync(folder, { recursive: true, force: true });
      try {
        renameSync(temporary, folder);
      } catch (error) {
        if (findIndex(cacheDir, key) === undefined) throw error;
      }
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  return folder;
}
