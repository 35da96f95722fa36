/** A fitted linear surrogate: prediction = intercept + Σ weights[j] · x[j]. */
export interface LinearFit {
  readonly weights: readonly number[];
  readonly intercept: number;
  /** The L1 penalty the weights were fitted with (on standardised features). */
  readonly lambda: number;
}

/** Features centred and scaled to unit variance (1/n); a constant column gets scale 0. */
interface Standardised {
  readonly columns: Float64Array[];
  readonly means: number[];
  readonly scales: number[];
  readonly yMean: number;
  readonly residual: number[];
}

function standardise(rows: readonly (readonly number[])[], y: readonly number[]): Standardised {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const yMean = y.reduce((sum, v) => sum + v, 0) / n;
  const means: number[] = [];
  const scales: number[] = [];
  const columns: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const column = rows.map((row) => row[j] ?? 0);
    const mean = column.reduce((sum, v) => sum + v, 0) / n;
    const scale = Math.sqrt(column.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n);
    means.push(mean);
    scales.push(scale);
    columns.push(Float64Array.from(column, (v) => (scale === 0 ? 0 : (v - mean) / scale)));
  }
  return { columns, means, scales, yMean, residual: y.map((v) => v - yMean) };
}

const soft = (value: number, threshold: number) =>
  value > threshold ? value - threshold : value < -threshold ? value + threshold : 0;

/** The smallest penalty at which every weight is zero. */
function lambdaMax(data: Standardised): number {
  const n = data.residual.length;
  let max = 0;
  for (const column of data.columns) {
    const dot = column.reduce((sum, z, i) => sum + z * (data.residual[i] as number), 0) / n;
    max = Math.max(max, Math.abs(dot));
  }
  return max;
}

/** The target's standard deviation (1/n); sets the convergence tolerance's scale. */
function spread(data: Standardised): number {
  return Math.sqrt(data.residual.reduce((sum, r) => sum + r * r, 0) / data.residual.length);
}

/**
 * Coordinate descent on standardised data, from `start`; returns standardised weights. Stops when
 * a sweep moves no weight by more than 1e-6 of the target's spread (or after 500 sweeps).
 */
function descend(data: Standardised, lambda: number, start: readonly number[]): number[] {
  const n = data.residual.length;
  const tolerance = 1e-6 * spread(data);
  const beta = [...start];
  const residual = Float64Array.from(data.residual);
  const { columns, scales } = data;
  for (let j = 0; j < columns.length; j++) {
    const column = columns[j] as Float64Array;
    const b = beta[j] as number;
    if (b !== 0)
      for (let i = 0; i < n; i++) residual[i] = (residual[i] as number) - (column[i] as number) * b;
  }
  for (let sweep = 0; sweep < 500; sweep++) {
    let largest = 0;
    for (let j = 0; j < columns.length; j++) {
      if (scales[j] === 0) continue;
      const column = columns[j] as Float64Array;
      const old = beta[j] as number;
      let rho = 0;
      for (let i = 0; i < n; i++) rho += (column[i] as number) * (residual[i] as number);
      const next = soft(rho / n + old, lambda);
      if (next === old) continue;
      const step = next - old;
      for (let i = 0; i < n; i++) residual[i] = (residual[i] as number) - (column[i] as number) * step;
      beta[j] = next;
      largest = Math.max(largest, Math.abs(step));
    }
    if (largest <= tolerance) break;
  }
  return beta;
}

function unstandardise(data: Standardised, beta: readonly number[], lambda: number): LinearFit {
  const weights = beta.map((b, j) => (data.scales[j] === 0 ? 0 : b / (data.scales[j] as number)));
  const intercept = data.yMean - weights.reduce((sum, w, j) => sum + w * (data.means[j] as number), 0);
  return { weights, intercept, lambda };
}

/**
 * LASSO by cyclic coordinate descent: minimises (1/2n)·Σ(y − b − x·w)² + λ·Σ|w_j|·sd_j, i.e. the
 * penalty applies to the weights of standardised features (as scikit-learn's `Lasso` behind a
 * `StandardScaler`), and the weights are returned on the features' own scale. A feature constant
 * over the rows gets weight 0. `rows` must be non-empty and equally long.
 */
export function fitLasso(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  lambda: number,
): LinearFit {
  const data = standardise(rows, y);
  return unstandardise(
    data,
    descend(
      data,
      lambda,
      data.columns.map(() => 0),
    ),
    lambda,
  );
}

/** The prediction of a fit for one row of features. */
export function predictLinear(fit: LinearFit, row: readonly number[]): number {
  return fit.weights.reduce((sum, w, j) => sum + w * (row[j] ?? 0), fit.intercept);
}

/** Penalties tried by {@link fitLassoCV}: λmax down to λmax/100, evenly spaced in log. */
export const LASSO_PATH_STEPS = 16;
/** Folds of {@link fitLassoCV}. */
export const LASSO_FOLDS = 4;

/**
 * LASSO with a cross-validated penalty: for each penalty on a path from λmax (all weights zero)
 * down to λmax/100, the squared error of `LASSO_FOLDS`-fold cross-validation (row i in fold
 * i mod folds); then the largest penalty whose error is within one standard error of the
 * smallest (the "one-standard-error rule", Hastie, Tibshirani & Friedman, ESL §7.10), refitted on
 * every row. Constant `y`: all weights zero. Deterministic.
 */
export function fitLassoCV(rows: readonly (readonly number[])[], y: readonly number[]): LinearFit {
  const all = standardise(rows, y);
  const top = lambdaMax(all);
  const n = rows.length;
  const folds = Math.min(LASSO_FOLDS, n);
  if (top === 0 || folds < 2)
    return unstandardise(
      all,
      all.columns.map(() => 0),
      top,
    );
  const path = Array.from({ length: LASSO_PATH_STEPS }, (_, k) => top * 100 ** (-k / (LASSO_PATH_STEPS - 1)));
  // errors[k][f]: mean squared error of penalty k on fold f.
  const errors = path.map(() => new Array<number>(folds).fill(0));
  for (let f = 0; f < folds; f++) {
    const train = rows.flatMap((row, i) => (i % folds === f ? [] : [{ row, y: y[i] as number }]));
    const test = rows.flatMap((row, i) => (i % folds === f ? [{ row, y: y[i] as number }] : []));
    const data = standardise(
      train.map((t) => t.row),
      train.map((t) => t.y),
    );
    let beta = data.columns.map(() => 0);
    path.forEach((lambda, k) => {
      beta = descend(data, lambda, beta);
      const fit = unstandardise(data, beta, lambda);
      const squared = test.reduce((sum, t) => sum + (predictLinear(fit, t.row) - t.y) ** 2, 0);
      (errors[k] as number[])[f] = squared / test.length;
    });
  }
  const means = errors.map((e) => e.reduce((sum, v) => sum + v, 0) / folds);
  const best = means.indexOf(Math.min(...means));
  const spread = errors[best] as number[];
  const sd = Math.sqrt(spread.reduce((sum, v) => sum + (v - (means[best] as number)) ** 2, 0) / (folds - 1));
  const limit = (means[best] as number) + sd / Math.sqrt(folds);
  const chosen = means.findIndex((mean) => mean <= limit);
  let beta = all.columns.map(() => 0);
  for (let k = 0; k <= chosen; k++) beta = descend(all, path[k] as number, beta);
  return unstandardise(all, beta, path[chosen] as number);
}
