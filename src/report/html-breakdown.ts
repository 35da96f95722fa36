import { groupScores } from '../metrics/group-scores.js';
import type { QuestionResult, Report } from '../model/report.js';
import { DIAGNOSES } from '../model/types.js';
import { formatShare } from './format.js';
import { escapeHtml } from './html-charts.js';
import { metaKeys, metaValues } from './html-question-table.js';

/** Most groups a field may have to be offered for a breakdown (a per-question id is not a grouping). */
const MAX_GROUPS = 30;

/** A meta field's groups: each value with the questions that carry it (a list value counts for each element). */
export function metaGroups(report: Report, key: string): Map<string, QuestionResult[]> {
  const groups = new Map<string, QuestionResult[]>();
  for (const question of report.questions) {
    for (const value of new Set(metaValues(question.meta?.[key]))) {
      groups.set(value, [...(groups.get(value) ?? []), question]);
    }
  }
  return groups;
}

/** The meta fields worth a breakdown: 2 to 30 groups, and fewer groups than questions unless there are two. */
export function breakdownKeys(report: Report): string[] {
  return metaKeys(report).filter((key) => {
    const size = metaGroups(report, key).size;
    return size >= 2 && size <= MAX_GROUPS && (size < report.questions.length || size === 2);
  });
}

function groupTable(report: Report, key: string, hidden: boolean): string {
  const groups = [...metaGroups(report, key)].sort(
    (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
  );
  const rows = groups
    .map(([value, questions]) => {
      const scores = groupScores(questions);
      const mix = DIAGNOSES.map((d) => `<td>${scores.diagnoses[d] ?? 0}</td>`).join('');
      return `<tr><td><button type="button" class="group" data-meta-filter="${escapeHtml(`${key}=${value}`)}">${escapeHtml(value)}</button></td><td>${scores.questions}</td><td>${formatShare(scores.reliance)}</td><td>${formatShare(scores.adoption)}</td><td>${formatShare(scores.instability)}</td>${mix}</tr>`;
    })
    .join('');
  const head = ['value', 'questions', 'reliance', 'adoption', 'instability', ...DIAGNOSES]
    .map((name) => `<th>${name}</th>`)
    .join('');
  return `<table class="breakdown" data-key="${escapeHtml(key)}"${hidden ? ' hidden' : ''}><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The scores broken down by a `meta` field of the dataset rows (a split, a topic, the retriever
 * a trace came from): a select of the fields, one table per field, one row per value, each value
 * a button that filters the question list to it. Empty when no field makes groups.
 */
export function breakdownSection(report: Report): string {
  const keys = breakdownKeys(report);
  if (keys.length === 0) return '';
  const options = keys
    .map((key) => `<option value="${escapeHtml(key)}">${escapeHtml(key)}</option>`)
    .join('');
  return `<section id="breakdown"><h2>Breakdown by field</h2>
<p class="hint">The scores of each group of questions, by a field of the dataset rows' <code>meta</code>. Click a value to list its questions.</p>
<label>field <select id="breakdown-key" aria-label="breakdown field">${options}</select></label>
${keys.map((key, index) => groupTable(report, key, index > 0)).join('\n')}
</section>`;
}
