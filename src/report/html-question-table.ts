import type { QuestionResult, Report } from '../model/report.js';
import { PROBE_NAMES } from '../model/types.js';
import { formatShare } from './format.js';
import { escapeHtml } from './html-charts.js';
import { searchText } from './html-extras.js';
import { seamLabel } from './seam-text.js';

/**
 * A question's probe outcomes as filter tags: `corrupt:adopted|kept|other` for the corrupt probe's
 * outcome, `changed:<probe>` for each probe under which the answer changed (any rank).
 */
export function outcomeTags(question: QuestionResult): string[] {
  const tags = new Set<string>();
  for (const probe of question.probes) {
    if (!probe.applicable || probe.error !== undefined || probe.answer === undefined) continue;
    if (probe.probe === 'corrupt' && probe.outcome !== undefined) tags.add(`corrupt:${probe.outcome}`);
    if (probe.changed === true) tags.add(`changed:${probe.probe}`);
  }
  return [...tags];
}

/** The values of one meta field as group names: a scalar's text, each scalar of a list; none for objects. */
export function metaValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((entry) => (Array.isArray(entry) ? [] : metaValues(entry)));
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}

/** Meta keys in first-seen order. */
export function metaKeys(report: Report): string[] {
  return [...new Set(report.questions.flatMap((question) => Object.keys(question.meta ?? {})))];
}

/** `key=value` tokens, one per line, for the page's meta filter (attribute text, escaped by the caller). */
function metaTokens(question: QuestionResult): string {
  return Object.entries(question.meta ?? {})
    .flatMap(([key, value]) => metaValues(value).map((text) => `${key}=${text}`))
    .join('\n');
}

/** Labels of the outcome filter, in the order the select lists them. */
export function outcomeLabel(tag: string): string {
  if (tag === 'corrupt:adopted') return 'adopted the planted fact (corrupt)';
  if (tag === 'corrupt:kept') return 'kept its answer under corrupt';
  if (tag === 'corrupt:other') return 'gave another answer under corrupt';
  return `changed under ${tag.slice('changed:'.length)}`;
}

const OUTCOME_ORDER = [
  'corrupt:adopted',
  'corrupt:kept',
  'corrupt:other',
  ...PROBE_NAMES.map((name) => `changed:${name}`),
];

/** The probe-outcome filter: every outcome some question has, with its count. */
export function outcomeFilter(report: Report): string {
  const counts = new Map<string, number>();
  for (const question of report.questions)
    for (const tag of outcomeTags(question)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const options = OUTCOME_ORDER.filter((tag) => counts.has(tag))
    .map((tag) => `<option value="${tag}">${escapeHtml(outcomeLabel(tag))} (${counts.get(tag)})</option>`)
    .join('');
  return `<select id="outcome-filter" aria-label="filter by probe outcome"><option value="">any probe outcome</option>${options}</select>`;
}

interface Column {
  readonly name: string;
  readonly numeric: boolean;
  /** Sort value and shown text of one question's cell. */
  cell(question: QuestionResult): { value: string; text: string };
}

const share = (value: number | null): { value: string; text: string } => ({
  value: value === null ? '' : String(value),
  text: formatShare(value),
});
const text = (value: string): { value: string; text: string } => ({
  value: value.toLowerCase(),
  text: value,
});

function metaColumn(key: string, report: Report): Column {
  const numeric = report.questions.every(
    (q) => q.meta?.[key] === undefined || typeof q.meta[key] === 'number',
  );
  return {
    name: key,
    numeric,
    cell: (question) => {
      const value = question.meta?.[key];
      if (value === undefined || value === null) return { value: '', text: '' };
      if (typeof value === 'number') return { value: String(value), text: String(value) };
      const shown = metaValues(value).join(', ') || JSON.stringify(value);
      return text(shown);
    },
  };
}

function columns(report: Report): Column[] {
  return [
    { name: 'id', numeric: false, cell: (q) => text(q.id) },
    { name: 'diagnosis', numeric: false, cell: (q) => text(q.diagnosis) },
    { name: 'reliance', numeric: true, cell: (q) => share(q.reliance) },
    { name: 'instability', numeric: true, cell: (q) => share(q.instability) },
    { name: 'seam', numeric: false, cell: (q) => text(seamLabel(q)) },
    {
      name: 'corrupt',
      numeric: false,
      cell: (q) =>
        text(q.probes.find((p) => p.probe === 'corrupt' && p.outcome !== undefined)?.outcome ?? ''),
    },
    {
      name: 'changed under',
      numeric: false,
      cell: (q) =>
        text(
          outcomeTags(q)
            .flatMap((t) => (t.startsWith('changed:') ? [t.slice(8)] : []))
            .join(', '),
        ),
    },
    { name: 'baseline answer', numeric: false, cell: (q) => text(q.baseline ?? '') },
    { name: 'question', numeric: false, cell: (q) => text(q.question) },
    ...metaKeys(report).map((key) => metaColumn(key, report)),
  ];
}

/**
 * The per-question table: one row per question, every column sortable (a click on its header;
 * numbers by value, empty cells last), each row carrying what the filters read (diagnosis, probe
 * outcomes, meta values, search text) in escaped attributes. The id opens the question below.
 */
export function questionTable(report: Report): string {
  const cols = columns(report);
  const head = cols
    .map(
      (col, index) =>
        `<th><button type="button" class="sort" data-col="${index}" data-type="${col.numeric ? 'num' : 'text'}">${escapeHtml(col.name)}</button></th>`,
    )
    .join('');
  const rows = report.questions
    .map((question) => {
      const cells = cols
        .map((col, index) => {
          const { value, text: shown } = col.cell(question);
          const content =
            index === 0
              ? `<button type="button" class="open" data-open="${escapeHtml(question.id)}">${escapeHtml(shown)}</button>`
              : escapeHtml(shown);
          return `<td data-v="${escapeHtml(value)}">${content}</td>`;
        })
        .join('');
      return `<tr class="qrow" data-id="${escapeHtml(question.id)}" data-diagnosis="${question.diagnosis}" data-outcomes="${outcomeTags(question).join(' ')}" data-meta="${escapeHtml(metaTokens(question))}" data-search="${escapeHtml(searchText(question))}">${cells}</tr>`;
    })
    .join('\n');
  return `<div class="table-scroll"><table id="question-table"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}
