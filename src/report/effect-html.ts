import type { ConfidenceBin, Estimate, Report } from '../model/report.js';
import { binLabel, effectSizesOf } from './effect-text.js';
import { formatEstimate, formatShare } from './format.js';
import { escapeHtml, shareGrid } from './html-charts.js';

/**
 * Adoption of corrupted evidence by the baseline's P(a0) (ClashEval's figure): one bar per bin
 * with its 95% interval as a whisker; the bin's answered probes under each bar.
 */
export function confidenceChart(bins: readonly ConfidenceBin[]): string {
  const bar = 56;
  const gap = 18;
  const height = 160;
  const width = 40 + bins.length * (bar + gap);
  const y = (v: number) => (10 + height - v * height).toFixed(1);
  const bars = bins
    .map((bin, index) => {
      const x = 40 + index * (bar + gap);
      const { value, ci95 } = bin.adoption;
      const h = (value ?? 0) * height;
      const whisker =
        ci95 === null
          ? ''
          : `<line class="ci" x1="${x + bar / 2}" x2="${x + bar / 2}" y1="${y(ci95[0])}" y2="${y(ci95[1])}"/>`;
      return `<g class="bar" data-bin="${binLabel(bin)}"><rect x="${x}" y="${y(value ?? 0)}" width="${bar}" height="${h.toFixed(1)}"><title>baseline P(a0) ${binLabel(bin)}: adoption ${formatEstimate(bin.adoption)}, ${bin.adopted} of ${bin.answered} corrupt probes</title></rect>${whisker}
<text x="${x + bar / 2}" y="${Math.max(22, 6 + height - h)}" text-anchor="middle" class="bar-label">${formatShare(value)}</text>
<text x="${x + bar / 2}" y="${height + 24}" text-anchor="middle" class="tick">${binLabel(bin)}</text>
<text x="${x + bar / 2}" y="${height + 38}" text-anchor="middle" class="tick">n=${bin.answered}</text></g>`;
    })
    .join('\n');
  const grid = shareGrid(width, height);
  return `<svg id="confidence-chart" class="chart" role="img" aria-label="adoption by baseline confidence" width="${width}" height="${height + 60}" viewBox="0 0 ${width} ${height + 60}">
${grid}${bars}<text x="${width / 2 + 18}" y="${height + 56}" text-anchor="middle" class="axis-label">baseline P(a0)</text></svg>`;
}

/** The effect-size section: continuous scores beside the binary ones, and the confidence chart. */
export function effectSection(
  report: Report,
  card: (label: string, estimate: Estimate, hint: string) => string,
): string {
  const effects = effectSizesOf(report);
  if (effects === undefined) return '';
  return `<section id="effect-sizes"><h2>Effect sizes <span class="sub">a0 scored ${escapeHtml(effects.scoring)} · mean baseline P(a0) ${formatShare(effects.baselineProbability)}</span></h2><div class="cards">
${card('reliance, P(a0) drop', effects.reliance, 'mean fall of P(a0) when the evidence changes')}
${card('instability, P(a0) drop', effects.instability, 'mean fall of P(a0) when it should not move')}
</div>
<h3>Adoption of corrupted evidence by baseline confidence</h3><p class="hint">Share of corrupt probes whose answer adopted the planted value, by how likely the baseline answer was; whiskers are 95% intervals.</p>${confidenceChart(effects.adoptionByConfidence)}</section>`;
}

/** A probe's change in P(a0), as its row shows it: " · P(a0) −0.42". */
export function probeDropNote(probabilityDrop: number | undefined): string {
  if (probabilityDrop === undefined) return '';
  const change = -probabilityDrop;
  return ` · P(a0) ${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(2)}`;
}
