import type { Comparison } from '../model/comparison.js';
import { formatDelta, formatDeltaInterval, formatP, metricVerdict } from './compare-text.js';
import { formatShare } from './format.js';
import { escapeHtml } from './html-charts.js';

// Checked metrics always; the others only when they moved, so a long list of unchanged seam shares stays out.
function metricRows(comparison: Comparison): string {
  return comparison.metrics
    .filter((m) => m.checked || (m.delta !== null && m.delta !== 0))
    .map((m) => {
      const verdict = metricVerdict(m, comparison.options.alpha);
      const tone = m.regression ? 'fail' : m.improvement ? 'pass' : '';
      return `<tr class="${tone}"><td>${m.metric}</td><td>${formatShare(m.before)}</td><td>${formatShare(m.after)}</td><td>${formatDelta(m.delta)}</td><td>${formatDeltaInterval(m.interval)}</td><td>${formatP(m.pValue)}${m.checked ? ` (${formatP(m.adjustedP)})` : ''}</td><td class="verdict">${escapeHtml(verdict)}</td></tr>`;
    })
    .join('');
}

function changedRows(comparison: Comparison): string {
  return comparison.diagnosisChanges
    .map(
      (change) =>
        `<tr class="changed-question" data-id="${escapeHtml(change.id)}"><td><button type="button" class="open" data-open="${escapeHtml(change.id)}">${escapeHtml(change.id)}</button></td><td>${change.before} → ${change.after}</td><td>${formatShare(change.relianceBefore)} → ${formatShare(change.relianceAfter)}</td><td>${escapeHtml(change.question)}</td></tr>`,
    )
    .join('');
}

function idList(label: string, ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const shown = ids
    .slice(0, 20)
    .map((id) => `<code>${escapeHtml(id)}</code>`)
    .join(' ');
  return `<p class="hint">${label} (${ids.length}): ${shown}${ids.length > 20 ? ' …' : ''}</p>`;
}

/**
 * The run compared with a previous report (`--baseline`): the paired metric changes with their
 * intervals and Holm-adjusted p-values, the questions whose diagnosis changed (each opens its
 * drill-down), and the questions only one run has.
 */
export function comparisonSection(comparison: Comparison | undefined): string {
  if (comparison === undefined) return '';
  const level = Math.round((1 - comparison.options.alpha) * 100);
  const settings = comparison.settingsChanged
    .map(
      (s) =>
        `${escapeHtml(s.setting)}: <code>${escapeHtml(s.before)}</code> → <code>${escapeHtml(s.after)}</code>`,
    )
    .join(' · ');
  const changes =
    comparison.diagnosisChanges.length === 0
      ? '<p class="empty">No shared question changed its diagnosis.</p>'
      : `<table id="changed-questions"><thead><tr><th>id</th><th>diagnosis</th><th>reliance</th><th>question</th></tr></thead><tbody>${changedRows(comparison)}</tbody></table>`;
  return `<section id="comparison"><h2>Compared with the baseline</h2>
<div class="banner ${comparison.regression ? 'fail' : 'pass'}">${comparison.regression ? 'REGRESSION against' : 'no regression against'} <code>${escapeHtml(comparison.baseline.file)}</code> (${comparison.shared} shared questions)</div>
${settings === '' ? '' : `<p class="hint">changed settings: ${settings}</p>`}
<table id="comparison-metrics"><thead><tr><th>metric</th><th>before</th><th>after</th><th>change</th><th>${level}% CI</th><th>p (Holm)</th><th>verdict</th></tr></thead><tbody>${metricRows(comparison)}</tbody></table>
<h3>Changed questions (${comparison.diagnosisChanges.length})</h3>
${changes}
${idList('only in the baseline', comparison.onlyInBaseline)}${idList('only in this run', comparison.onlyInCurrent)}
</section>`;
}
