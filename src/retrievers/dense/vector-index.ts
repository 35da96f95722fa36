import type { Passage } from '../../model/types.js';
import { dot } from './kmeans.js';
import { type RowScore, TopRows } from './top-rows.js';

/** Scales a vector to unit length in place (a zero vector stays zero). */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) / norm;
  return vector;
}

/** Unit-length corpus vectors stored row after row, searched exactly by cosine similarity. */
export interface VectorIndex {
  readonly count: number;
  readonly dimension: number;
  /** count x dimension, each row unit length. */
  readonly matrix: Float32Array;
}

/** The top-k rows by cosine similarity to `query`, every row scored; ties go to the earlier corpus row. */
export function searchVectorIndex(index: VectorIndex, query: Float32Array, topK: number): RowScore[] {
  const unit = normalizeInPlace(Float32Array.from(query));
  const best = new TopRows(topK);
  for (let row = 0; row < index.count; row++)
    best.offer(row, dot(index.matrix, row, unit, 0, index.dimension));
  return best.sorted();
}

/** Passages for the top-k rows, carrying their cosine scores. */
export function topPassages(corpus: readonly Passage[], rows: readonly RowScore[]): Passage[] {
  return rows.map(({ row, score }) => ({
    ...(corpus[row] as Passage),
    score,
  }));
}
