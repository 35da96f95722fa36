/**
 * Exact McNemar test on paired binary outcomes. Of the pairs that disagree, `b` went one way
 * (yes -> no) and `c` the other (no -> yes); under "no change", each discordant pair is a fair
 * coin, so min(b, c) is a Binomial(b + c, 1/2) tail. Returns the two-sided p-value (1 when no
 * pair disagrees).
 */
export function exactMcNemar(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`McNemar counts must be non-negative integers (got ${b}, ${c})`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // Sum C(n, i) / 2^n for i <= k in log space, so large n neither overflows nor underflows.
  let logTerm = -n * Math.LN2;
  let logTail = logTerm;
  for (let i = 0; i < k; i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1);
    const high = Math.max(logTail, logTerm);
    logTail = high + Math.log(Math.exp(logTail - high) + Math.exp(logTerm - high));
  }
  return Math.min(1, 2 * Math.exp(logTail));
}

/**
 * Holm's step-down adjustment: adjusted p-values that keep the family-wise error rate at the
 * level they are compared with, for any dependence between the tests. Order is kept.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
