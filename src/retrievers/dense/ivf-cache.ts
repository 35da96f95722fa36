import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IvfIndex } from './ivf-index.js';

/** Bumped whenever the IVF build or its file layout changes, so old files are not read. */
const IVF_VERSION = 1;

/**
 * The IVF index of a cached corpus index sits beside it: `<key>.ivf-<lists>-v<version>.bin`, so
 * a changed corpus or model (a new key) or another list count never reads it. The file holds the
 * list starts and members (u32) then the centroids (f32).
 */
function ivfFile(dir: string, key: string, lists: number): string {
  return join(dir, 'dense-index', `${key}.ivf-${lists}-v${IVF_VERSION}.bin`);
}

/** A cached IVF index, or undefined when there is none or it does not fit `count` × `dimension`. */
export function readCachedIvf(
  dir: string,
  key: string,
  lists: number,
  count: number,
  dimension: number,
): IvfIndex | undefined {
  const file = ivfFile(dir, key, lists);
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  if (bytes.byteLength !== (lists + 1 + count) * 4 + lists * dimension * 4) return undefined;
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return {
    dimension,
    listStarts: new Uint32Array(copy, 0, lists + 1),
    members: new Uint32Array(copy, (lists + 1) * 4, count),
    centroids: new Float32Array(copy, (lists + 1 + count) * 4, lists * dimension),
  };
}

/** Stores an IVF index through a temporary file and a rename, so a torn write is never read. */
export function writeCachedIvf(dir: string, key: string, ivf: IvfIndex): void {
  const lists = ivf.listStarts.length - 1;
  const file = ivfFile(dir, key, lists);
  mkdirSync(join(dir, 'dense-index'), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const parts = [ivf.listStarts, ivf.members, ivf.centroids];
  writeFileSync(
    temporary,
    Buffer.concat(parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength))),
  );
  renameSync(temporary, file);
}
