import type { Estimate, Report } from '../model/report.js';

import { formatInterval, formatShare } from './format.js';
import { seamBreakdown, seamHeadline, seamOf } from './seam-text.js';

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function estimateRow(label: string, count: string, estimate: Estimate): string {
  return row([label, count, formatShare(estimate.value), formatInterval(estimate.ci95)]);
}

/** The "Which side failed" section of the Markdown report; empty for an older report. */
export function seamMarkdown(report: Report): string[] {
  const seam = seamOf(report);
  const { alignment } = report.summary as Partial<Report['summary']>;
  if (seam === undefined || alignment === undefined) return [];
  const lines = [
    '',
    '### Which side failed',
    '',
    `${seamHeadline(report)}.`,
    '',
    row(['seam', 'questions', 'share', '95% CI']),
    row(['---', '---:', '---:', '---']),
    ...seamBreakdown(seam).map((line) =>
      estimateRow(line.depth === 1 ? `**${line.name}**` : line.name, String(line.count), line.share),
    ),
    '',
    row(['alignment', 'n', 'value', '95% CI']),
    row(['---', '---:', '---:', '---']),
    estimateRow('ndcg (solo utility)', String(alignment.ndcg.n), alignment.ndcg),
    estimateRow('kendall tau-b', String(alignment.kendallTau.n), alignment.kendallTau),
    estimateRow('useful below useless', String(alignment.usefulBelowUseless.n), alignment.usefulBelowUseless),
    estimateRow(
      'ndcg (leave-one-out influence)',
      String(alignment.influence.ndcg.n),
      alignment.influence.ndcg,
    ),
    '',
    `Utility by rank: ${
      alignment.utilityAtRank.length === 0
        ? '–'
        : alignment.utilityAtRank.map((e, i) => `${i + 1}: ${formatShare(e.value)}`).join(', ')
    }.`,
  ];
  return lines;
}
