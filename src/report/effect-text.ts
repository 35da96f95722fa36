import type { ConfidenceBin, EffectSizes, Report } from '../model/report.js';
import { formatEstimate, formatShare } from './format.js';

/** The run's effect sizes, or undefined when it did not measure them (or predates them). */
export function effectSizesOf(report: Report): EffectSizes | undefined {
  return (report.summary as { effectSizes?: EffectSizes }).effectSizes;
}

/** Summary rows of the continuous scores, shown beside the binary ones: [label, cell]. */
export function effectRows(report: Report): [string, string][] {
  const effects = effectSizesOf(report);
  if (effects === undefined) return [];
  return [
    ['reliance, P(a0) drop', formatEstimate(effects.reliance)],
    ['instability, P(a0) drop', formatEstimate(effects.instability)],
    ['baseline P(a0)', `${formatShare(effects.baselineProbability)} (${effects.scoring})`],
  ];
}

/** A bin's range as printed: "0.8–1.0". */
export function binLabel(bin: ConfidenceBin): string {
  return `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`;
}

/** The rows of the adoption-by-confidence table: baseline P(a0), questions, adopted/answered, adoption. */
export function confidenceRows(effects: EffectSizes): string[][] {
  return effects.adoptionByConfidence.map((bin) => [
    binLabel(bin),
    String(bin.questions),
    `${bin.adopted}/${bin.answered}`,
    formatEstimate(bin.adoption),
  ]);
}

/** Column heads of {@link confidenceRows}. */
export const CONFIDENCE_HEAD = ['baseline P(a0)', 'questions', 'adopted/answered', 'adoption [95% CI]'];
