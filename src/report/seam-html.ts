import type { Report } from '../model/report.js';
import { formatInterval, formatShare } from './format.js';
import { escapeHtml, rankChart, stackedBar } from './html-charts.js';
import { seamHeadline, seamOf } from './seam-text.js';

const SEAM_COLOURS = {
  ok: '#2e7d32',
  'memory-covered': '#9ccc65',
  'retriever-miss': '#ef6c00',
  'misled-by-passage': '#ffb74d',
  'generator-ignored': '#6a1b9a',
  'fails-with-gold': '#ba68c8',
  'evidence-missing': '#607d8b',
  unscored: '#bdbdbd',
} as const;

/**
 * The "Which side failed" section: the seam bar (retriever-side in orange, generator-side in
 * purple), the alignment measures, and utility by rank beside influence by rank. Empty for a report
 * written before the seam existed.
 */
export function seamSection(report: Report): string {
  const seam = seamOf(report);
  const { alignment } = report.summary as Partial<Report['summary']>;
  if (seam === undefined || alignment === undefined) return '';
  const bar = stackedBar(
    'seam-chart',
    'which side failed',
    (Object.keys(SEAM_COLOURS) as (keyof typeof SEAM_COLOURS)[]).map((name) => ({
      name,
      count: seam.counts[name],
      colour: SEAM_COLOURS[name],
    })),
  );
  const measure = (
    label: string,
    e: { value: number | null; ci95: readonly [number, number] | null; n: number },
  ) =>
    `<tr><td>${escapeHtml(label)}</td><td>${formatShare(e.value)}</td><td>${formatInterval(e.ci95)}</td><td>${e.n}</td></tr>`;
  return `<section id="seam"><h2>Which side failed</h2>
<p class="headline">${escapeHtml(seamHeadline(report) ?? '')}</p>
${bar}
<div class="chart-grid">
<div><h3>Utility by retrieval rank</h3><p class="hint">Share of questions whose passage at that rank alone gives a gold answer.</p>${rankChart(
    alignment.utilityAtRank.map((e) => e.value),
    'utility-chart',
    'utility by retrieval rank',
  )}</div>
<div><h3>Influence by retrieval rank</h3><p class="hint">Share of questions whose answer changed when the passage at that rank was left out.</p>${rankChart(
    report.summary.influenceByRank,
    'seam-influence-chart',
    'influence by retrieval rank',
  )}</div>
</div>
<table class="alignment"><thead><tr><th>alignment</th><th>value</th><th>95% CI</th><th>n</th></tr></thead><tbody>
${measure('ndcg (solo utility)', alignment.ndcg)}${measure('kendall tau-b', alignment.kendallTau)}${measure('useful below useless', alignment.usefulBelowUseless)}${measure('ndcg (leave-one-out influence)', alignment.influence.ndcg)}
</tbody></table></section>`;
}
