import type { Report } from '../core/report.js';
import type { QuestionResult } from '../core/runner.js';
import type { Estimate } from '../metrics/bootstrap.js';
import type { SeamSummary } from '../metrics/seam.js';
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

/** Summary rows [label, cell] for the seam and alignment; empty for an older report. */
export function seamRows(report: Report): [string, string][] {
  const seam = seamOf(report);
  const { alignment } = report.summary as Partial<Report['summary']>;
  if (seam === undefined || alignment === undefined) return [];
  const c = seam.counts;
  return [
    ['seam: ok', countWithShare(c.ok, seam.shares.ok)],
    ['  memory-covered', countWithShare(c['memory-covered'], seam.shares['memory-covered'])],
    ['  retriever-side', countWithShare(c['retriever-miss'] + c['misled-by-passage'], seam.retrieverSide)],
    ['    retriever-miss', countWithShare(c['retriever-miss'], seam.shares['retriever-miss'])],
    ['    misled-by-passage', countWithShare(c['misled-by-passage'], seam.shares['misled-by-passage'])],
    ['  generator-side', countWithShare(c['generator-ignored'] + c['fails-with-gold'], seam.generatorSide)],
    ['    generator-ignored', countWithShare(c['generator-ignored'], seam.shares['generator-ignored'])],
    ['    fails-with-gold', countWithShare(c['fails-with-gold'], seam.shares['fails-with-gold'])],
    ['  evidence-missing', countWithShare(c['evidence-missing'], seam.shares['evidence-missing'])],
    ['  unscored', String(c.unscored)],
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
