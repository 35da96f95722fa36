import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { GateResult } from '../model/gates.js';
import type { QuestionResult, Report } from '../model/report.js';
import { DIAGNOSES, type Diagnosis, PROBE_NAMES } from '../model/types.js';
import { abstentionLine, adoptionByTypeRows } from './answer-types.js';
import { attributionSummaryText } from './attribution-view.js';
import { CONFIDENCE_HEAD, confidenceRows, effectRows, effectSizesOf } from './effect-text.js';
import { formatEstimate, formatShare, longFormNote, truncate, wrapText } from './format.js';
import { describeEarlyStop, gateEvidence, gateLabel, gateVerdict } from './gate-text.js';
import { seamHeadline, seamRows } from './seam-text.js';

/** Options of the terminal reporter. */
export interface TableOptions {
  /** A chalk instance at the colour level the CLI decided (level 0 prints no colour). */
  readonly chalk: ChalkInstance;
  /** How many of the worst questions to list. */
  readonly worst?: number;
  /** Width of the output in columns (the terminal's); the header and question texts fit it. */
  readonly columns?: number;
}

// No rule between body rows: compact enough for 80 columns and easy to scan.
const COMPACT_CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

function table(head: string[], chalk: ChalkInstance): Table.Table {
  return new Table({
    head: head.map((cell) => chalk.bold(cell)),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: COMPACT_CHARS,
  });
}

function colourDiagnosis(diagnosis: Diagnosis, chalk: ChalkInstance): string {
  switch (diagnosis) {
    case 'grounded':
      return chalk.green(diagnosis);
    case 'parametric':
      return chalk.red(diagnosis);
    case 'brittle':
      return chalk.magenta(diagnosis);
    case 'partial':
      return chalk.yellow(diagnosis);
    default:
      return chalk.dim(diagnosis);
  }
}

/** "adoption by type" and one indented row per answer type, most answered first. */
function adoptionByTypeSummaryRows(summary: Report['summary']): [string, string][] {
  const rows = adoptionByTypeRows(summary);
  if (rows.length === 0) return [];
  return [
    ['adoption by type', ''],
    ...rows.map((row): [string, string] => [
      `  ${row.type}`,
      `${formatShare(row.value)} (n=${row.answered})`,
    ]),
  ];
}

/** Rows of the summary table for one report: [label, cell]. */
function summaryRows(report: Report): [string, string][] {
  const { summary } = report;
  return [
    ['reliance', formatEstimate(summary.reliance)],
    ['adoption', formatEstimate(summary.adoption)],
    ['instability', formatEstimate(summary.instability)],
    ...effectRows(report),
    ['top passage use', formatShare(summary.topPassageUse)],
    ['dead passage rate', formatShare(summary.deadPassageRate)],
    // Reports written before abstentions were classified have no such field.
    ...[abstentionLine(summary)].flatMap((line): [string, string][] =>
      line === undefined ? [] : [['abstention rate', line]],
    ),
    [
      'influence by rank',
      summary.influenceByRank.length === 0
        ? '–'
        : summary.influenceByRank.map((value, rank) => `${rank + 1}:${formatShare(value)}`).join(' '),
    ],
    ...(!summary.replayAgreement
      ? []
      : [['replay agreement', formatEstimate(summary.replayAgreement)] as [string, string]]),
    // Reports written before answer types existed have no such field.
    ...adoptionByTypeSummaryRows(summary),
    ['questions', String(summary.questions)],
    ...DIAGNOSES.map((d): [string, string] => [`  ${d}`, String(summary.diagnoses[d] ?? 0)]),
    ...seamRows(report),
    ...(summary.attribution === undefined
      ? []
      : [['attribution', attributionSummaryText(summary.attribution)] as [string, string]]),
    ['calls / errors', `${summary.calls} / ${summary.errors}`],
  ];
}

/** The summary for one or more reports side by side (one column each). */
export function renderSummary(
  columns: readonly { label: string; report: Report }[],
  chalk: ChalkInstance,
): string {
  const summary = table(['metric', ...columns.map((column) => column.label)], chalk);
  // Rows line up by label: reports of different versions or answer types may have different rows.
  const rows = columns.map((column) => new Map(summaryRows(column.report)));
  const labels: string[] = [];
  for (const column of rows) {
    // A label only one report has goes right after the label it follows there.
    let previous = -1;
    for (const label of column.keys()) {
      const at = labels.indexOf(label);
      if (at === -1) labels.splice(++previous, 0, label);
      else previous = at;
    }
  }
  for (const label of labels) summary.push([label, ...rows.map((column) => column.get(label) ?? '')]);
  return summary.toString();
}

function probeTable(report: Report, chalk: ChalkInstance): string {
  const probes = table(['probe', 'applicable', 'changed', 'adopted/kept/other', 'n/a', 'errors'], chalk);
  for (const name of PROBE_NAMES) {
    const tally = report.summary.probes[name];
    if (tally === undefined) continue;
    const breakdown = tally.adopted === undefined ? '' : `${tally.adopted}/${tally.kept}/${tally.other}`;
    probes.push([name, tally.applicable, tally.changed, breakdown, tally.notApplicable, tally.errors]);
  }
  return probes.toString();
}

/** Corrupt adoption by the baseline's P(a0), when the run measured effect sizes. */
function confidenceTable(report: Report, chalk: ChalkInstance): string[] {
  const effects = effectSizesOf(report);
  if (effects === undefined) return [];
  const bins = table(CONFIDENCE_HEAD, chalk);
  for (const row of confidenceRows(effects)) bins.push(row);
  return [chalk.bold('adoption by baseline confidence'), bins.toString()];
}

/** Lowest reliance first, then highest instability; unscored questions last. */
export function worstQuestions(questions: readonly QuestionResult[], count: number): QuestionResult[] {
  const rank = (q: QuestionResult) => (q.reliance === null ? 2 : q.reliance);
  return [...questions]
    .sort((a, b) => rank(a) - rank(b) || (b.instability ?? 0) - (a.instability ?? 0))
    .slice(0, count);
}

function worstTable(report: Report, count: number, chalk: ChalkInstance, columns: number): string {
  const worst = table(['id', 'diagnosis', 'rel', 'inst', 'question'], chalk);
  for (const question of worstQuestions(report.questions, count)) {
    worst.push([
      truncate(question.id, 12),
      colourDiagnosis(question.diagnosis, chalk),
      formatShare(question.reliance),
      formatShare(question.instability),
      truncate(question.question, Math.max(36, columns - 44)),
    ]);
  }
  return worst.toString();
}

/** One line per gate: "gate reliance >= 0.7: failed by 0.08; value 0.62 [0.48, 0.75], n=8". */
export function renderGates(gates: readonly GateResult[], chalk: ChalkInstance): string {
  return gates
    .map((gate) => {
      const verdict = gateVerdict(gate);
      const coloured = gate.passed ? chalk.green(verdict) : chalk.red(verdict);
      return `gate ${gateLabel(gate)}: ${coloured}; value ${gateEvidence(gate)}`;
    })
    .join('\n');
}

/** The full terminal report of one run. */
export function renderTable(report: Report, options: TableOptions): string {
  const { chalk } = options;
  const { settings } = report;
  const columns = Math.max(options.columns ?? 80, 40);
  const title = `${chalk.bold('ragseam')} ${truncate(`${settings.generator} · ${settings.retriever} top-${settings.topK}`, columns - 9)}`;
  const headline = seamHeadline(report);
  const parts = [
    title,
    ...(headline === null ? [] : [wrapText(headline, columns)]),
    renderSummary([{ label: 'value [95% CI]', report }], chalk),
    probeTable(report, chalk),
    ...confidenceTable(report, chalk),
    ...[longFormNote(report.summary, settings.match)].flatMap((note) =>
      note === undefined ? [] : [chalk.yellow(note)],
    ),
    chalk.bold('worst questions') + chalk.dim(' (ragseam explain <report> <id> shows one)'),
    worstTable(report, options.worst ?? 5, chalk, columns),
  ];
  if (report.gates.length > 0) parts.push(renderGates(report.gates, chalk));
  if (report.earlyStop !== undefined) parts.push(describeEarlyStop(report.earlyStop));
  return `${parts.join('\n')}\n`;
}
