/** A seeded generator (mulberry32): the index a corpus gets never depends on the run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Dot product of row `a` of `left` and row `b` of `right`, both `dimension` wide. */
export function dot(
  left: Float32Array,
  a: number,
  right: Float32Array,
  b: number,
  dimension: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const x = a * dimension;
  const y = b * dimension;
  let i = 0;
  for (; i + 3 < dimension; i += 4) {
    s0 += (left[x + i] as number) * (right[y + i] as number);
    s1 += (left[x + i + 1] as number) * (right[y + i + 1] as number);
    s2 += (left[x + i + 2] as number) * (right[y + i + 2] as number);
    s3 += (left[x + i + 3] as number) * (right[y + i + 3] as number);
  }
  for (; i < dimension; i++) s0 += (left[x + i] as number) * (right[y + i] as number);
  return s0 + s1 + s2 + s3;
}

/** The centroid (row of `centroids`, among `first` ≤ c < `last`) with the largest dot product with `row`. */
export function nearest(
  vectors: Float32Array,
  row: number,
  centroids: Float32Array,
  first: number,
  last: number,
  dimension: number,
): number {
  let best = first;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = first; c < last; c++) {
    const score = dot(vectors, row, centroids, c, dimension);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/**
 * Spherical k-means (cosine) over the rows `rows` of `vectors`: `k` unit centroids, started from
 * distinct rows drawn with `random`, refined for `iterations` rounds. A cluster left empty restarts
 * from a random row. Returns k × dimension values.
 */
export function sphericalKMeans(
  vectors: Float32Array,
  rows: Uint32Array,
  dimension: number,
  k: number,
  iterations: number,
  random: () => number,
): Float32Array {
  const centroids = new Float32Array(k * dimension);
  const order = Array.from(rows);
  for (let c = 0; c < k; c++) {
    // A partial Fisher-Yates shuffle: the first k rows of a seeded permutation (repeated when
    // there are fewer rows than centroids).
    if (c < order.length) {
      const pick = c + Math.floor(random() * (order.length - c));
      [order[c], order[pick]] = [order[pick] as number, order[c] as number];
    }
    const row = order[c % order.length] as number;
    centroids.set(vectors.subarray(row * dimension, (row + 1) * dimension), c * dimension);
  }
  const sums = new Float64Array(k * dimension);
  const sizes = new Uint32Array(k);
  for (let round = 0; round < iterations; round++) {
    sums.fill(0);
    sizes.fill(0);
    for (const row of rows) {
      const c = nearest(vectors, row, centroids, 0, k, dimension);
      sizes[c] = (sizes[c] as number) + 1;
      for (let i = 0; i < dimension; i++) {
        sums[c * dimension + i] =
          (sums[c * dimension + i] as number) + (vectors[row * dimension + i] as number);
      }
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        const row = rows[Math.floor(random() * rows.length)] as number;
        centroids.set(vectors.subarray(row * dimension, (row + 1) * dimension), c * dimension);
        continue;
      }
      let norm = 0;
      for (let i = 0; i < dimension; i++) norm += (sums[c * dimension + i] as number) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < dimension; i++)
        centroids[c * dimension + i] = (sums[c * dimension + i] as number) / norm;
    }
  }
  return centroids;
}
