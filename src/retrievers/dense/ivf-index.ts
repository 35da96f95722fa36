import { dot, nearest, seededRandom, sphericalKMeans } from './kmeans.js';
import { type RowScore, TopRows } from './top-rows.js';
import type { VectorIndex } from './vector-index.js';

/**
 * An inverted-file (IVF) index over unit vectors: the rows are grouped into `lists` clusters by
 * their nearest centroid, and a question scans only the lists of its `probes` nearest centroids.
 * The centroids come from a two-level spherical k-means (√lists coarse clusters, each split into
 * √lists), trained on a seeded sample, so the same corpus always gets the same index.
 */
export interface IvfIndex {
  readonly dimension: number;
  /** lists × dimension, each row a unit centroid. */
  readonly centroids: Float32Array;
  /** Where each list's rows start in `members`; lists + 1 entries. */
  readonly listStarts: Uint32Array;
  /** Every corpus row once, grouped by list, ascending within a list. */
  readonly members: Uint32Array;
}

/** Rows sampled per list to train the centroids. */
const SAMPLE_PER_LIST = 32;
const ITERATIONS = 8;

/** The default number of lists for `count` rows: about √count, a square (coarse × fine). */
export function defaultListCount(count: number): number {
  const side = Math.max(1, Math.round(Math.sqrt(Math.sqrt(count))));
  return side * side;
}

/** Vectors a question scans by default: about 5 ms of CPU (0.6 µs per 384-d product). */
const SCANNED_VECTORS = 8000;

/**
 * The default number of lists a question scans: enough lists for about {@link SCANNED_VECTORS}
 * vectors, at least 8 (all when fewer). At 1M vectors that is 8 of 1,024 lists; at 100k, 26 of
 * 324 (docs/performance.md has the recall).
 */
export function defaultProbeCount(lists: number, count: number): number {
  const perList = Math.max(1, count / lists);
  return Math.min(lists, Math.max(8, Math.round(SCANNED_VECTORS / perList)));
}

function sampleRows(count: number, size: number, random: () => number): Uint32Array {
  if (size >= count) return Uint32Array.from({ length: count }, (_, row) => row);
  const rows = new Set<number>();
  while (rows.size < size) rows.add(Math.floor(random() * count));
  return Uint32Array.from([...rows].sort((a, b) => a - b));
}

/** Builds the IVF index of `index` with about `lists` lists (rounded to a square). */
export function buildIvfIndex(index: VectorIndex, lists: number, seed = 1): IvfIndex {
  const { matrix, dimension, count } = index;
  const random = seededRandom(seed);
  const side = Math.max(1, Math.round(Math.sqrt(lists)));
  const total = side * side;
  const sample = sampleRows(count, total * SAMPLE_PER_LIST, random);
  const coarse = sphericalKMeans(matrix, sample, dimension, side, ITERATIONS, random);
  const groups: number[][] = Array.from({ length: side }, () => []);
  for (const row of sample) groups[nearest(matrix, row, coarse, 0, side, dimension)]?.push(row);
  const centroids = new Float32Array(total * dimension);
  groups.forEach((rows, c) => {
    const fine =
      rows.length === 0
        ? new Float32Array(side * dimension).map((_, i) => coarse[c * dimension + (i % dimension)] as number)
        : sphericalKMeans(matrix, Uint32Array.from(rows), dimension, side, ITERATIONS, random);
    centroids.set(fine, c * side * dimension);
  });
  const listOf = new Uint32Array(count);
  const sizes = new Uint32Array(total + 1);
  for (let row = 0; row < count; row++) {
    const c = nearest(matrix, row, coarse, 0, side, dimension);
    const list = nearest(matrix, row, centroids, c * side, (c + 1) * side, dimension);
    listOf[row] = list;
    sizes[list + 1] = (sizes[list + 1] as number) + 1;
  }
  const listStarts = new Uint32Array(total + 1);
  for (let list = 0; list < total; list++) {
    listStarts[list + 1] = (listStarts[list] as number) + (sizes[list + 1] as number);
  }
  const next = listStarts.slice(0, total);
  const members = new Uint32Array(count);
  for (let row = 0; row < count; row++) {
    const list = listOf[row] as number;
    members[(next[list] as number)++] = row;
  }
  return { dimension, centroids, listStarts, members };
}

/**
 * The top `topK` rows by cosine similarity among the lists of the `probes` centroids nearest to
 * `unit` (a unit vector); ties go to the earlier row, as in exact search. With probes equal to the
 * number of lists every row is scored and the result is exact.
 */
export function searchIvfIndex(
  ivf: IvfIndex,
  index: VectorIndex,
  unit: Float32Array,
  topK: number,
  probes: number,
): RowScore[] {
  const lists = ivf.listStarts.length - 1;
  const nearestLists = new TopRows(Math.min(probes, lists));
  for (let list = 0; list < lists; list++) {
    nearestLists.offer(list, dot(ivf.centroids, list, unit, 0, ivf.dimension));
  }
  const best = new TopRows(topK);
  for (const { row: list } of nearestLists.sorted()) {
    const end = ivf.listStarts[list + 1] as number;
    for (let at = ivf.listStarts[list] as number; at < end; at++) {
      const row = ivf.members[at] as number;
      best.offer(row, dot(index.matrix, row, unit, 0, index.dimension));
    }
  }
  return best.sorted();
}
