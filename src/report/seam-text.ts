import type { Estimate, QuestionResult, Report } from '../model/report.js';
import { GENERATOR_SIDE, RETRIEVER_SIDE, type SeamCategory, type SeamSummary } from '../model/seam.js';

import { formatEstimate, formatShare } from './format.js';

/** The seam summary of a report, or undefined for a report written before it existed. */
export function seamOf(report: Report): SeamSummary | undefined {
  return (report.summary as Partial<Report['summary']>).seam;
}

/** "3 [0.05, 0.21]": a count beside its share's interval. */
function countWithShare(count: number, share: Estimate): string {
  return `${count} (${formatEstimate(share)})`;
}

/**
 * The headline: wrong answers split by side, e.g. "wrong answers 12 of 40: retriever-side 8
 * (retriever-miss 5, misled-by-passage 3), generator-side 3 (generator-ignored 2, fails-with-gold 1),
 * evidence missing 1". Null for a report without a seam summary.
 */
export function seamHeadline(report: Report): string | null {
  const seam = seamOf(report);
  if (seam === undefined) return null;
  const c = seam.counts;
  const retriever = c['retriever-miss'] + c['misled-by-passage'];
  const generator = c['generator-ignored'] + c['fails-with-gold'];
  // Only questions whose leave-one-out ran at the misleading rank say whether it was followed.
  const tested = report.questions.filter((q) => q.seam?.followed !== undefined).length;
  const followed = tested === 0 ? '' : ` of which ${seam.misledFollowed} followed`;
  const inferred =
    seam.goldEvidence.inferred === 0
      ? ''
      : `; gold evidence inferred from the corpus for ${seam.goldEvidence.inferred} questions`;
  return (
    `wrong answers ${seam.wrong} of ${report.summary.questions}: ` +
    `retriever-side ${retriever} (retriever-miss ${c['retriever-miss']}, misled-by-passage ${c['misled-by-passage']}${followed}), ` +
    `generator-side ${generator} (generator-ignored ${c['generator-ignored']}, fails-with-gold ${c['fails-with-gold']}), ` +
    `evidence missing ${c['evidence-missing']}; right from memory without the evidence ${c['memory-covered']}` +
    inferred
  );
}

function byRank(values: readonly (number | null)[]): string {
  return values.length === 0
    ? '–'
    : values.map((value, rank) => `${rank + 1}:${formatShare(value)}`).join(' ');
}

/** One line of the seam breakdown: a category or a side, how deep it sits, its count and share. */
export interface SeamLine {
  readonly name: string;
  /** 0: a category outside the sides; 1: a side; 2: a category within a side. */
  readonly depth: 0 | 1 | 2;
  readonly count: number;
  readonly share: Estimate;
}

/** ok, memory-covered, each side with its categories, evidence-missing, unscored. */
export function seamBreakdown(seam: SeamSummary): SeamLine[] {
  const category = (name: SeamCategory, depth: 0 | 2): SeamLine => ({
    name,
    depth,
    count: seam.counts[name],
    share: seam.shares[name],
  });
  const side = (name: string, categories: readonly SeamCategory[], share: Estimate): SeamLine[] => [
    { name, depth: 1, count: categories.reduce((sum, c) => sum + seam.counts[c], 0), share },
    ...categories.map((c) => category(c, 2)),
  ];
  return [
    category('ok', 0),
    category('memory-covered', 0),
    ...side('retriever-side', RETRIEVER_SIDE, seam.retrieverSide),
    ...side('generator-side', GENERATOR_SIDE, seam.generatorSide),
    category('evidence-missing', 0),
    category('unscored', 0),
  ];
}

/** Summary rows [label, cell] for the seam and alignment; empty for an older report. */
export function seamRows(report: Report): [string, string][] {
  const seam = seamOf(report);
  const { alignment } = report.summary as Partial<Report['summary']>;
  if (seam === undefined || alignment === undefined) return [];
  return [
    ...seamBreakdown(seam).map((line, index): [string, string] => [
      index === 0
        ? `seam: ${line.name}`
        : // "unscored" is also a diagnosis row: the summary table lines rows up by label.
          `${'  '.repeat(Math.max(1, line.depth))}${line.name === 'unscored' ? 'unscored (seam)' : line.name}`,
      countWithShare(line.count, line.share),
    ]),
    ['alignment ndcg', formatEstimate(alignment.ndcg)],
    ['kendall tau-b', formatEstimate(alignment.kendallTau)],
    ['useful below useless', formatEstimate(alignment.usefulBelowUseless)],
    ['utility by rank', byRank(alignment.utilityAtRank.map((e) => e.value))],
    ['influence ndcg', formatEstimate(alignment.influence.ndcg)],
  ];
}

/** One question's seam as "misled-by-passage (rank 2)"; "–" for an older report. */
export function seamLabel(question: QuestionResult): string {
  const { seam } = question;
  if (seam === undefined) return '–';
  if (seam.rank === undefined) return seam.category;
  const followed = seam.followed === undefined ? '' : seam.followed ? ', followed' : ', not followed';
  return `${seam.category} (rank ${seam.rank}${followed})`;
}
