import type { ScalarMetric } from '../model/gates.js';
import type { Estimate, Summary } from '../model/report.js';
import type { SeamCategory } from '../model/seam.js';

const NONE: Estimate = { value: null, ci95: null, n: 0 };

/**
 * The summary's own estimate (with its interval) of a seam or alignment metric; undefined for the
 * other metrics. A report written before these existed has none: the estimate is then empty.
 */
export function seamOrAlignmentEstimate(summary: Summary, metric: ScalarMetric): Estimate | undefined {
  if (metric.startsWith('seam.')) {
    const { seam } = summary as Partial<Summary>;
    if (seam === undefined) return NONE;
    const name = metric.slice('seam.'.length);
    if (name === 'retriever-side') return seam.retrieverSide;
    if (name === 'generator-side') return seam.generatorSide;
    return seam.shares[name as SeamCategory];
  }
  if (metric.startsWith('alignment.')) {
    const { alignment } = summary as Partial<Summary>;
    if (alignment === undefined) return NONE;
    return metric === 'alignment.ndcg' ? alignment.ndcg : alignment.usefulBelowUseless;
  }
  return undefined;
}
