import type { QuestionResult, Report } from '../model/report.js';
import type { ProbeResult } from '../model/types.js';
import { formatShare } from './format.js';
import { gateLabel } from './gate-text.js';
import { escapeHtml } from './html-charts.js';
import { changeSnippet } from './inspect-data.js';

/** PASS or FAIL at the top of the page, with the failed gates named. */
export function verdictBanner(report: Report): string {
  const { gates } = report;
  if (gates.length === 0) return '<div id="verdict" class="banner none">no gates set</div>';
  const failed = gates.filter((gate) => !gate.passed);
  return failed.length === 0
    ? `<div id="verdict" class="banner pass">PASS: ${gates.length === 1 ? 'the gate' : `all ${gates.length} gates`} passed</div>`
    : `<div id="verdict" class="banner fail">FAIL: ${failed.length} of ${gates.length} gates failed (${escapeHtml(failed.map(gateLabel).join(', '))})</div>`;
}

/** The text a question is found by in the search box: id, question, answers, passages. */
export function searchText(question: QuestionResult): string {
  return [question.id, question.question, ...question.answers, ...question.passages.map((p) => p.text)]
    .join(' ')
    .toLowerCase();
}

/** The logged response beside the baseline, with whether the replay agrees. */
export function loggedResponse(question: QuestionResult): string {
  if (question.loggedResponse === undefined) return '';
  const agreement =
    question.replayMatch === undefined ? '' : question.replayMatch ? ' (replay agrees)' : ' (replay differs)';
  return ` · logged response: <code class="logged">${escapeHtml(question.loggedResponse)}</code>${agreement}`;
}

/** Under a corrupt probe: the passage text with the target struck out and the substitute inserted. */
export function corruptDiff(question: QuestionResult, probe: ProbeResult): string {
  if (
    probe.probe !== 'corrupt' ||
    !probe.applicable ||
    probe.target === undefined ||
    probe.substitute === undefined
  )
    return '';
  const snippet = changeSnippet(question, probe.target, probe.substitute);
  if (snippet === undefined) return '';
  const change = `<del>${escapeHtml(snippet.target)}</del><ins>${escapeHtml(snippet.substitute)}</ins>`;
  return `<tr class="diff"><td colspan="3"><span class="pid">${escapeHtml(snippet.passageId)}</span> ${snippet.pieces.map(escapeHtml).join(change)}</td></tr>`;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The per-question table as a CSV download link (a data: URL, so the page still loads nothing). */
export function csvDownload(report: Report): string {
  const metaKeys = [...new Set(report.questions.flatMap((q) => Object.keys(q.meta ?? {})))];
  const header = [
    'id',
    'diagnosis',
    'reliance',
    'instability',
    'baseline',
    'logged_response',
    'replay_match',
    'question',
    ...metaKeys,
  ];
  const rows = report.questions.map((q) =>
    [
      q.id,
      q.diagnosis,
      formatShare(q.reliance),
      formatShare(q.instability),
      q.baseline ?? '',
      q.loggedResponse ?? '',
      q.replayMatch === undefined ? '' : String(q.replayMatch),
      q.question,
      ...metaKeys.map((key) => {
        const value = q.meta?.[key];
        return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
      }),
    ]
      .map(csvCell)
      .join(','),
  );
  const csv = `${[header.join(','), ...rows].join('\n')}\n`;
  return `<a id="csv" class="filter" download="ragseam-questions.csv" href="data:text/csv;charset=utf-8,${encodeURIComponent(csv)}">download CSV</a>`;
}

/** Styles of the elements above. */
export const EXTRA_STYLE = `
.banner { margin: 12px 0 0; padding: 8px 12px; border-radius: 6px; font-weight: 700; font-size: 16px; }
.banner.pass { background: #e8f5e9; color: #2e7d32; } .banner.fail { background: #ffebee; color: #c62828; }
.banner.none { background: var(--panel); color: var(--muted); font-weight: 500; }
input#search { font: inherit; padding: 3px 8px; border: 1px solid var(--line); border-radius: 14px; min-width: 240px; }
a#csv { text-decoration: none; color: inherit; }
del { background: #ffebee; color: #c62828; } ins { background: #e8f5e9; color: #2e7d32; text-decoration: none; }
tr.diff td { color: var(--muted); font-size: 12.5px; }
`;
