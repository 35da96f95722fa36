import type { Comparison } from '../model/comparison.js';
import type { Report } from '../model/report.js';
import { DIAGNOSES } from '../model/types.js';
import { abstentionLine, adoptionByTypeLine } from './answer-types.js';
import { attributionSummaryText } from './attribution-view.js';

import { formatP, metricCells, metricVerdict } from './compare-text.js';
import { CONFIDENCE_HEAD, confidenceRows, effectSizesOf } from './effect-text.js';
import { formatInterval, formatShare, longFormNote, truncate } from './format.js';
import { gateBasisLabel, gateLabel, gateVerdict } from './gate-text.js';
import { seamMarkdown } from './seam-markdown.js';
import { worstQuestions } from './table.js';

/**
 * Escapes text from a dataset or a generator for a Markdown table cell: no HTML, no emphasis or
 * links, no cell breaks, one line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~!])/g, '\\$1');
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function tableOf(
  head: readonly string[],
  align: readonly ('l' | 'r')[],
  rows: readonly (readonly string[])[],
): string[] {
  return [row(head), row(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map((cells) => row(cells))];
}

const ICON = { pass: '✅', fail: '❌' };

/** The continuous scores as metric-table rows: [metric, value, interval]. */
function effectMarkdownRows(report: Report): string[][] {
  const effects = effectSizesOf(report);
  if (effects === undefined) return [];
  return [
    ['reliance, P(a0) drop', formatShare(effects.reliance.value), formatInterval(effects.reliance.ci95)],
    [
      'instability, P(a0) drop',
      formatShare(effects.instability.value),
      formatInterval(effects.instability.ci95),
    ],
  ];
}

/** Adoption by baseline confidence, when the run measured effect sizes. */
function confidenceMarkdown(report: Report): string[] {
  const effects = effectSizesOf(report);
  if (effects === undefined) return [];
  return [
    '',
    `### Adoption by baseline confidence (a0 scored ${effects.scoring})`,
    '',
    ...tableOf(CONFIDENCE_HEAD, ['l', 'r', 'r', 'l'], confidenceRows(effects)),
  ];
}

/** The metric-change table of a comparison. */
function comparisonTable(comparison: Comparison): string[] {
  const level = Math.round((1 - comparison.options.alpha) * 100);
  return tableOf(
    ['metric', 'before', 'after', 'change', `${level}% CI`, 'p (Holm)', 'verdict'],
    ['l', 'r', 'r', 'r', 'l', 'r', 'l'],
    comparison.metrics.map((m) => [
      ...metricCells(m),
      `${m.regression ? `${ICON.fail} ` : ''}${metricVerdict(m, comparison.options.alpha)}`,
    ]),
  );
}

function comparisonDetails(comparison: Comparison): string[] {
  const lines: string[] = [];
  if (comparison.probes.length > 0) {
    lines.push(
      '',
      ...tableOf(
        ['probe', 'pairs', 'changed before', 'changed after', 'stopped / started changing', 'McNemar p'],
        ['l', 'r', 'r', 'r', 'r', 'r'],
        comparison.probes.map((p) => [
          p.probe,
          String(p.pairs),
          String(p.changedBefore),
          String(p.changedAfter),
          `${p.stoppedChanging} / ${p.startedChanging}`,
          formatP(p.pValue),
        ]),
      ),
    );
  }
  if (comparison.diagnosisChanges.length > 0) {
    lines.push(
      '',
      `<details><summary>Diagnosis changed on ${comparison.diagnosisChanges.length} question${comparison.diagnosisChanges.length === 1 ? '' : 's'}</summary>`,
      '',
    );
    lines.push(
      ...tableOf(
        ['id', 'before', 'after', 'question'],
        ['l', 'l', 'l', 'l'],
        comparison.diagnosisChanges
          .slice(0, 50)
          .map((q) => [escapeMarkdown(q.id), q.before, q.after, escapeMarkdown(truncate(q.question, 80))]),
      ),
      '',
      '</details>',
    );
  }
  const unmatched = [
    ['only in the baseline', comparison.onlyInBaseline],
    ['only in the current run', comparison.onlyInCurrent],
  ] as const;
  for (const [label, ids] of unmatched) {
    if (ids.length > 0)
      lines.push(
        '',
        `Questions ${label} (${ids.length}): ${ids.slice(0, 50).map(escapeMarkdown).join(', ')}${ids.length > 50 ? ', …' : ''}`,
      );
  }
  return lines;
}

function comparisonFooter(comparison: Comparison): string {
  const regressions = comparison.metrics.filter((m) => m.regression).map((m) => m.metric);
  const method = `paired bootstrap over ${comparison.shared} shared questions, Holm-adjusted over ${comparison.options.metrics.join(', ')}; alpha ${comparison.options.alpha}, min drop ${comparison.options.minDrop}`;
  return regressions.length > 0
    ? `${ICON.fail} **Significant regression:** ${regressions.join(', ')} (${method})`
    : `${ICON.pass} No significant regression (${method})`;
}

/** `ragseam compare` as Markdown, for a step summary or a pull-request comment. */
export function renderComparisonMarkdown(comparison: Comparison): string {
  const lines = [
    '## ragseam compare',
    '',
    `Baseline \`${escapeMarkdown(comparison.baseline.file)}\` → current \`${escapeMarkdown(comparison.current.file)}\`: ${comparison.shared} shared questions.`,
  ];
  for (const change of comparison.settingsChanged) {
    lines.push(`- ${change.setting}: ${escapeMarkdown(change.before)} → ${escapeMarkdown(change.after)}`);
  }
  lines.push(
    '',
    ...comparisonTable(comparison),
    ...comparisonDetails(comparison),
    '',
    comparisonFooter(comparison),
  );
  return `${lines.join('\n')}\n`;
}

/** Options of the Markdown reporter. */
export interface MarkdownOptions {
  /** A comparison with a baseline report; adds a delta table. */
  readonly comparison?: Comparison;
  /** How many of the worst questions to list. */
  readonly worst?: number;
}

/**
 * A run's report as Markdown fit for `$GITHUB_STEP_SUMMARY` or a pull-request comment: scores
 * with intervals, gate results, the worst questions, and a delta table when a baseline is given.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const { summary, settings } = report;
  const lines = [
    '## ragseam: context reliance',
    '',
    `Generator \`${escapeMarkdown(settings.generator)}\` · retriever \`${escapeMarkdown(settings.retriever)}\` · top-${settings.topK} · ${summary.questions} questions · seed ${settings.seed}`,
    '',
    ...tableOf(
      ['metric', 'value', '95% CI'],
      ['l', 'r', 'l'],
      [
        ['reliance', formatShare(summary.reliance.value), formatInterval(summary.reliance.ci95)],
        ['adoption', formatShare(summary.adoption.value), formatInterval(summary.adoption.ci95)],
        ['instability', formatShare(summary.instability.value), formatInterval(summary.instability.ci95)],
        ...effectMarkdownRows(report),
        ['top passage use', formatShare(summary.topPassageUse), ''],
        ['dead passage rate', formatShare(summary.deadPassageRate), ''],
        ...[abstentionLine(summary)].flatMap((line) =>
          line === undefined ? [] : [['abstention rate', line, '']],
        ),
        // Reports written before replay agreement existed have no such field.
        ...(!summary.replayAgreement
          ? []
          : [
              [
                'replay agreement',
                formatShare(summary.replayAgreement.value),
                formatInterval(summary.replayAgreement.ci95),
              ],
            ]),
      ],
    ),
    '',
    `Diagnoses: ${DIAGNOSES.map((d) => `${summary.diagnoses[d] ?? 0} ${d}`).join(' · ')}. Influence by rank: ${
      summary.influenceByRank.length === 0
        ? '–'
        : summary.influenceByRank.map((v, i) => `${i + 1}: ${formatShare(v)}`).join(', ')
    }. Generator calls: ${summary.calls} (${summary.errors} failed).`,
    ...[adoptionByTypeLine(summary)].flatMap((line) =>
      line === undefined ? [] : ['', `Adoption by answer type (adopted/answered corrupt probes): ${line}.`],
    ),
    ...(summary.attribution === undefined
      ? []
      : ['', `Sentence attribution: ${attributionSummaryText(summary.attribution)}.`]),
    ...[longFormNote(summary, settings.match)].flatMap((note) =>
      note === undefined ? [] : ['', `> ${note}`],
    ),
  ];
  lines.push(...confidenceMarkdown(report));
  lines.push(...seamMarkdown(report));
  if (report.gates.length > 0) {
    const failed = report.gates.filter((g) => !g.passed).length;
    lines.push(
      '',
      `### Gates: ${failed === 0 ? `${ICON.pass} all passed` : `${ICON.fail} ${failed} of ${report.gates.length} failed`}`,
      '',
    );
    lines.push(
      ...tableOf(
        ['gate', 'checked', 'value', '95% CI', 'n', 'result'],
        ['l', 'l', 'r', 'l', 'r', 'l'],
        report.gates.map((g) => [
          `\`${gateLabel(g)}\``,
          `${gateBasisLabel(g)}: ${formatShare(g.checked)}`,
          formatShare(g.value),
          formatInterval(g.ci95),
          String(g.n),
          `${g.passed ? ICON.pass : ICON.fail} ${gateVerdict(g).replace(/ \(.*\)$/, '')}`,
        ]),
      ),
    );
  }
  const worst = worstQuestions(report.questions, options.worst ?? 5);
  if (worst.length > 0) {
    lines.push('', '### Worst questions', '');
    lines.push(
      ...tableOf(
        ['id', 'diagnosis', 'reliance', 'instability', 'question', 'baseline answer'],
        ['l', 'l', 'r', 'r', 'l', 'l'],
        worst.map((q) => [
          escapeMarkdown(q.id),
          q.diagnosis,
          formatShare(q.reliance),
          formatShare(q.instability),
          escapeMarkdown(truncate(q.question, 70)),
          q.baseline === null ? '(error)' : escapeMarkdown(truncate(q.baseline, 40)),
        ]),
      ),
    );
  }
  if (options.comparison !== undefined) {
    const { comparison } = options;
    lines.push('', `### Change from baseline \`${escapeMarkdown(comparison.baseline.file)}\``, '');
    lines.push(
      ...comparisonTable(comparison),
      ...comparisonDetails(comparison),
      '',
      comparisonFooter(comparison),
    );
  }
  return `${lines.join('\n')}\n`;
}
