/** 1-based ranks, ties sharing the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length).fill(0);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.value === order[i]?.value) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[(order[k] as { index: number }).index] = rank;
    i = j + 1;
  }
  return ranks;
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  const meanA = a.reduce((s, v) => s + v, 0) / n;
  const meanB = b.reduce((s, v) => s + v, 0) / n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - meanA;
    const db = (b[i] as number) - meanB;
    cov += da * db;
    varA += da * da;
    varB += db * db;
  }
  // Relative tolerance: a column equal up to rounding is constant.
  const tiny = (v: number, mean: number) => v <= 1e-24 * Math.max(1, mean * mean) * n;
  if (tiny(varA, meanA) || tiny(varB, meanB)) return null;
  return cov / Math.sqrt(varA * varB);
}

/**
 * Spearman's rank correlation (Pearson's correlation of average ranks, so ties are handled):
 * in [-1, 1]; null with fewer than 3 pairs or when either side is constant (no ranking to agree with).
 */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new RangeError('spearman: the two lists differ in length');
  if (a.length < 3) return null;
  return pearson(averageRanks(a), averageRanks(b));
}
