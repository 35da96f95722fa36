import type { Comparison } from '../model/comparison.js';
import type { Estimate, QuestionResult, Report } from '../model/report.js';
import { DIAGNOSES, type Diagnosis, PROBE_NAMES, type ProbeResult } from '../model/types.js';
import {
  ATTRIBUTION_STYLE,
  attributionHtml,
  attributionSummaryText,
  markSpans,
  topSpansOf,
} from './attribution-view.js';
import { effectSection, probeDropNote } from './effect-html.js';
import { formatInterval, formatShare } from './format.js';
import { describeEarlyStop, gateBasisLabel, gateEvidence, gateLabel, gateVerdict } from './gate-text.js';
import { answerTypeSection, corruptLabel } from './html-answer-types.js';
import { HTML_STYLE } from './html-assets.js';
import { breakdownSection } from './html-breakdown.js';
import { escapeHtml, rankChart, stackedBar } from './html-charts.js';
import { comparisonSection } from './html-comparison.js';
import { EXPLORE_SCRIPT, EXPLORE_STYLE } from './html-explore.js';
import {
  corruptDiff,
  csvDownload,
  EXTRA_STYLE,
  loggedResponse,
  searchText,
  verdictBanner,
} from './html-extras.js';
import { outcomeFilter, questionTable } from './html-question-table.js';
import { seamSection } from './seam-html.js';
import { seamLabel } from './seam-text.js';

export { escapeHtml } from './html-charts.js';

const DIAGNOSIS_COLOURS: Record<Diagnosis, string> = {
  grounded: '#2e7d32',
  partial: '#f9a825',
  parametric: '#c62828',
  brittle: '#6a1b9a',
  abstained: '#1565c0',
  unscored: '#9e9e9e',
};

/** A metric with its interval drawn on a 0..1 axis. */
function estimateCard(label: string, estimate: Estimate, hint: string): string {
  const width = 220;
  const x = (v: number) => (10 + v * (width - 20)).toFixed(1);
  const interval =
    estimate.ci95 === null
      ? ''
      : `<line class="ci" x1="${x(estimate.ci95[0])}" x2="${x(estimate.ci95[1])}" y1="14" y2="14"/>` +
        `<line class="ci" x1="${x(estimate.ci95[0])}" x2="${x(estimate.ci95[0])}" y1="9" y2="19"/>` +
        `<line class="ci" x1="${x(estimate.ci95[1])}" x2="${x(estimate.ci95[1])}" y1="9" y2="19"/>`;
  const point =
    estimate.value === null ? '' : `<circle class="point" cx="${x(estimate.value)}" cy="14" r="4.5"/>`;
  return `<div class="card"><div class="label">${escapeHtml(label)}</div>
<div class="value">${formatShare(estimate.value)} <span class="interval">${formatInterval(estimate.ci95)}</span></div>
<svg class="interval-chart" role="img" aria-label="${escapeHtml(`${label} ${formatShare(estimate.value)} ${formatInterval(estimate.ci95)}`)}" width="${width}" height="30" viewBox="0 0 ${width} 30">
<line class="axis" x1="10" x2="${width - 10}" y1="14" y2="14"/>${interval}${point}
<text x="10" y="29" class="tick">0</text><text x="${width - 10}" y="29" class="tick" text-anchor="end">1</text></svg>
<div class="hint">${escapeHtml(hint)} · n=${estimate.n}</div></div>`;
}

function probeLabel(probe: ProbeResult): string {
  if (probe.probe === 'leave-one-out') return `leave-one-out (without rank ${probe.rank})`;
  if (probe.probe === 'solo') return `solo (rank ${probe.rank} alone)`;
  if (probe.probe === 'corrupt' && probe.applicable) return corruptLabel(probe);
  if (probe.probe === 'swap' && probe.source !== undefined) return `swap (passages of ${probe.source})`;
  if (probe.probe === 'distractor' && probe.source !== undefined) return `distractor (+ ${probe.source})`;
  return probe.probe;
}

function probeRow(probe: ProbeResult): string {
  const label = escapeHtml(probeLabel(probe));
  if (!probe.applicable)
    return `<tr class="na"><td>${label}</td><td colspan="2">not applicable: ${escapeHtml(probe.reason ?? '')}</td></tr>`;
  if (probe.error !== undefined)
    return `<tr class="error"><td>${label}</td><td colspan="2">error: ${escapeHtml(probe.error)}</td></tr>`;
  const verdict = probe.outcome ?? (probe.changed === true ? 'changed' : 'same');
  return `<tr class="${probe.changed === true ? 'changed' : 'same'}"><td>${label}</td><td class="answer">${escapeHtml(probe.answer ?? '')}</td><td>${escapeHtml(verdict + probeDropNote(probe.probabilityDrop))}</td></tr>`;
}

function questionBlock(question: QuestionResult): string {
  const passages = question.passages
    .map((passage, index) => {
      const influential = question.probes.some(
        (p) => p.probe === 'leave-one-out' && p.rank === index + 1 && p.changed === true,
      );
      const solo = question.probes.find(
        (p) => p.probe === 'solo' && p.rank === index + 1 && p.answer !== undefined,
      );
      const useful = solo !== undefined && (solo.correct ?? solo.changed === false);
      const title = passage.title === undefined ? '' : `<b>${escapeHtml(passage.title)}</b>: `;
      return `<li class="passage${influential ? ' influential' : ''}"><span class="pid">${escapeHtml(passage.id)}</span>${influential ? '<span class="tag">influential</span>' : ''}${useful ? '<span class="tag useful">useful alone</span>' : ''}${passage.score === undefined ? '' : `<span class="score">score ${passage.score.toFixed(2)}</span>`} ${title}<span class="passage-text">${markSpans(passage.text, topSpansOf(question.attribution, index + 1), (s) => `<mark class="attributed">${escapeHtml(s)}</mark>`, escapeHtml)}</span></li>`;
    })
    .join('\n');
  const gold =
    question.answers.length === 0
      ? '<i>none</i>'
      : question.answers.map((a) => `<code>${escapeHtml(a)}</code>`).join(', ');
  const baseline =
    question.baseline === null
      ? `<span class="error">error: ${escapeHtml(question.error ?? '')}</span>`
      : `<code>${escapeHtml(question.baseline)}</code>`;
  return `<details class="question" data-diagnosis="${question.diagnosis}" data-id="${escapeHtml(question.id)}" data-search="${escapeHtml(searchText(question))}">
<summary><span class="badge" style="background:${DIAGNOSIS_COLOURS[question.diagnosis]}">${question.diagnosis}</span> <span class="qid">${escapeHtml(question.id)}</span> <span class="scores">reliance ${formatShare(question.reliance)} · instability ${formatShare(question.instability)} · seam ${escapeHtml(seamLabel(question))}</span> <span class="qtext">${escapeHtml(question.question)}</span></summary>
<div class="drill"><p>Gold answers: ${gold} · baseline answer: ${baseline}${loggedResponse(question)}${question.target === null ? '' : ` · corrupt target: <code>${escapeHtml(question.target)}</code>`}</p>
<h4>Passages by rank</h4>${question.passages.length === 0 ? '<p class="empty">No passages.</p>' : `<ol class="passages">${passages}</ol>`}
<h4>Probes</h4><table class="probes"><thead><tr><th>probe</th><th>answer</th><th>result</th></tr></thead><tbody>${question.probes.map((probe) => probeRow(probe) + corruptDiff(question, probe)).join('')}</tbody></table>${question.attribution === undefined ? '' : attributionHtml(question.attribution)}</div>
</details>`;
}

function gatesSection(report: Report): string {
  if (report.gates.length === 0) return '';
  const rows = report.gates
    .map(
      (gate) =>
        `<tr class="${gate.passed ? 'pass' : 'fail'}"><td><code>${escapeHtml(gateLabel(gate))}</code></td><td>${escapeHtml(gateBasisLabel(gate))}</td><td>${escapeHtml(gateEvidence(gate))}</td><td class="verdict">${gate.passed ? '✔' : '✘'} ${escapeHtml(gateVerdict(gate))}</td></tr>`,
    )
    .join('');
  const early =
    report.earlyStop === undefined
      ? ''
      : `<p class="early-stop">${escapeHtml(describeEarlyStop(report.earlyStop))}</p>`;
  return `<section id="gates"><h2>Gates</h2><table><thead><tr><th>gate</th><th>checked</th><th>value</th><th>result</th></tr></thead><tbody>${rows}</tbody></table>${early}</section>`;
}

function probeTable(report: Report): string {
  const rows = PROBE_NAMES.flatMap((name) => {
    const t = report.summary.probes[name];
    if (t === undefined) return [];
    return [
      `<tr><td>${name}</td><td>${t.applicable}</td><td>${t.changed}</td><td>${t.notApplicable}</td><td>${t.errors}</td></tr>`,
    ];
  }).join('');
  return `<table><thead><tr><th>probe</th><th>applicable</th><th>changed</th><th>n/a</th><th>errors</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The report as one self-contained HTML page: no network, no CDN (a Content-Security-Policy
 * forbids loading anything). Scores with intervals, influence by rank, the diagnosis mix, the
 * adoption breakdown, the comparison with a baseline report when one is given, a breakdown by
 * `meta` field, and a sortable per-question table with its drill-downs, filtered by diagnosis,
 * probe outcome, search words and breakdown group. Every string from the dataset or a generator
 * is escaped; the page's script holds no data.
 */
export function renderHtml(report: Report, options: { readonly comparison?: Comparison } = {}): string {
  const { summary, settings } = report;
  const corrupt = summary.probes.corrupt;
  const filters = ['all', ...DIAGNOSES]
    .map((d) => {
      const count = d === 'all' ? summary.questions : (summary.diagnoses[d as Diagnosis] ?? 0);
      return `<button type="button" class="filter" data-filter="${d}" aria-pressed="${d === 'all'}">${d} <span class="count">${count}</span></button>`;
    })
    .join('');
  const title = `ragseam report: ${settings.generator}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${HTML_STYLE}${EXTRA_STYLE}${EXPLORE_STYLE}${ATTRIBUTION_STYLE}</style>
</head>
<body>
<header><h1>ragseam <span class="sub">context-reliance report</span></h1>
<p class="settings">generator <code>${escapeHtml(settings.generator)}</code> · retriever <code>${escapeHtml(settings.retriever)}</code> · dataset <code>${escapeHtml(settings.dataset)}</code> · top-${settings.topK} · seed ${settings.seed} · match ${escapeHtml(settings.match)} · ${summary.questions} questions · ${summary.calls} generator calls (${summary.errors} failed)</p>${verdictBanner(report)}</header>
<main>
<section id="scores"><h2>Scores</h2><div class="cards">
${estimateCard('reliance', summary.reliance, 'answer changes when the evidence changes')}
${estimateCard('adoption', summary.adoption, 'corrupted answer adopted')}
${estimateCard('instability', summary.instability, 'answer changes when it should not')}
${summary.replayAgreement ? estimateCard('replay agreement', summary.replayAgreement, 'regenerated answer matches the logged one') : ''}
${summary.attribution === undefined ? '' : `<div class="card"><div class="label">sentence attribution</div><div class="value small">${escapeHtml(attributionSummaryText(summary.attribution))}</div></div>`}
<div class="card"><div class="label">passages</div><div class="value small">top passage use ${formatShare(summary.topPassageUse)}</div><div class="value small">dead passage rate ${formatShare(summary.deadPassageRate)}</div></div>
</div></section>
${effectSection(report, estimateCard)}
${gatesSection(report)}
${comparisonSection(options.comparison)}
${seamSection(report)}
<section id="charts"><h2>Where the answers come from</h2>
<div class="chart-grid">
<div><h3>Influence by retrieval rank</h3><p class="hint">Share of questions whose answer changed when the passage at that rank was left out.</p>${rankChart(summary.influenceByRank)}</div>
<div><h3>Diagnosis mix</h3>${stackedBar(
    'diagnosis-chart',
    'diagnosis mix',
    DIAGNOSES.map((d) => ({ name: d, count: summary.diagnoses[d] ?? 0, colour: DIAGNOSIS_COLOURS[d] })),
  )}
<h3>Corrupted evidence: adoption breakdown</h3>${stackedBar('adoption-chart', 'adoption breakdown', [
    { name: 'adopted', count: corrupt?.adopted ?? 0, colour: '#1565c0' },
    { name: 'kept', count: corrupt?.kept ?? 0, colour: '#c62828' },
    { name: 'other', count: corrupt?.other ?? 0, colour: '#9e9e9e' },
  ])}
<h3>Probes</h3>${probeTable(report)}</div>
</div></section>
${breakdownSection(report)}
${answerTypeSection(report)}
<section id="questions"><h2>Questions</h2>
<div class="filters" role="group" aria-label="filter by diagnosis">${filters} <input type="search" id="search" placeholder="search questions, answers, passages" aria-label="search"> ${outcomeFilter(report)} ${csvDownload(report)} <span id="meta-active" hidden>only <span id="meta-label"></span> <button type="button" id="meta-clear" aria-label="show every group">×</button></span></div>
<p class="showing" id="showing">showing ${report.questions.length} of ${report.questions.length}</p>
${questionTable(report)}
${report.questions.map(questionBlock).join('\n')}
</section>
</main>
<footer>ragseam ${escapeHtml(report.tool.version)} · report schema ${report.schemaVersion} · run started ${escapeHtml(report.run.startedAt)}</footer>
<script>${EXPLORE_SCRIPT}</script>
</body>
</html>
`;
}
