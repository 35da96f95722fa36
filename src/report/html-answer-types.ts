import type { Report } from '../model/report.js';
import type { ProbeResult } from '../model/types.js';
import { abstentionLine, adoptionByTypeRows } from './answer-types.js';
import { formatShare } from './format.js';
import { escapeHtml } from './html-charts.js';

/**
 * The HTML section on answer types and abstentions: adoption per corrupt target type (how readily
 * the generator takes up a planted person, year, place ...) and the abstention rate. Empty for a
 * report with neither (written before they existed, or no typed corrupt probe and no baseline).
 */
export function answerTypeSection(report: Report): string {
  const rows = adoptionByTypeRows(report.summary);
  const abstention = abstentionLine(report.summary);
  if (rows.length === 0 && abstention === undefined) return '';
  const table =
    rows.length === 0
      ? '<p class="hint">No corrupt probe had a typed target.</p>'
      : `<table><thead><tr><th>answer type</th><th>adoption</th><th>adopted</th><th>answered</th></tr></thead><tbody>${rows
          .map(
            (row) =>
              `<tr><td>${escapeHtml(row.type)}</td><td>${formatShare(row.value)}</td><td>${row.adopted}</td><td>${row.answered}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const abstained =
    abstention === undefined
      ? ''
      : `<p>Abstention rate: <strong>${escapeHtml(abstention)}</strong> of the answered baselines decline to answer; those questions are <code>abstained</code> and left out of reliance and adoption.</p>`;
  return `<section id="answer-types"><h2>Answer types and abstentions</h2>
<p class="hint">Adoption per answer type of the corrupted fact: the share of answered corrupt probes whose answer took up the planted substitute.</p>${table}${abstained}</section>`;
}

/** The corrupt probe's label in the question drill-down, with the target's answer type. */
export function corruptLabel(probe: ProbeResult): string {
  const type = probe.answerType === undefined ? '' : `${probe.answerType}: `;
  return `corrupt (${type}${JSON.stringify(probe.target)} → ${JSON.stringify(probe.substitute)})`;
}
