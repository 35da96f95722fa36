import type { ChalkInstance } from 'chalk';
import { NEGLIGIBLE_WEIGHT, topSentences } from '../metrics/attribution.js';
import type { AttributionSummary, QuestionAttribution, SentenceWeight } from '../model/attribution.js';
import { escapeHtml } from './html-charts.js';

/** The words every view uses when no sentence matters. */
export const NO_CONTEXT_DEPENDENCE = 'the answer does not depend on the context';

const SCORING_TEXT = {
  logprob: 'the log-probability of the answer',
  match: 'whether the answer stays the same',
} as const;

const signed = (weight: number) => `${weight >= 0 ? '+' : '−'}${Math.abs(weight).toFixed(2)}`;
const lds = (value: number | null) => (value === null ? '–' : value.toFixed(2));

/** One line on how the attribution was measured and how far it can be trusted. */
export function attributionHeadline(attribution: QuestionAttribution): string {
  return `${attribution.samples} ablations scored by ${SCORING_TEXT[attribution.scoring]}; LDS ${lds(attribution.lds)} on ${attribution.heldOut} held out${attribution.errors > 0 ? ` (${attribution.errors} calls failed)` : ''}`;
}

/** Why there is no top sentence, or undefined when there is one. */
export function noDependenceNote(attribution: QuestionAttribution): string | undefined {
  if (attribution.dependsOnContext) return undefined;
  return `${NO_CONTEXT_DEPENDENCE}: every sentence weight is below ${NEGLIGIBLE_WEIGHT[attribution.scoring]}`;
}

/**
 * `text` with the given spans passed through `mark` and everything else through `plain`; spans
 * must not overlap. Used to highlight the top sentences inside a passage.
 */
export function markSpans(
  text: string,
  spans: readonly { readonly start: number; readonly end: number }[],
  mark: (piece: string) => string,
  plain: (piece: string) => string = (piece) => piece,
): string {
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at || span.end > text.length) continue;
    out += plain(text.slice(at, span.start)) + mark(text.slice(span.start, span.end));
    at = span.end;
  }
  return out + plain(text.slice(at));
}

/** The top sentences of the passage at `rank` (1-based), for highlighting. */
export function topSpansOf(attribution: QuestionAttribution | undefined, rank: number): SentenceWeight[] {
  if (attribution === undefined) return [];
  return topSentences(attribution).filter((sentence) => sentence.rank === rank);
}

/** The attribution block of the terminal views (`inspect`, `explain`). */
export function attributionTextLines(
  attribution: QuestionAttribution,
  chalk: ChalkInstance,
  columns: number,
): string[] {
  const note = noDependenceNote(attribution);
  const room = Math.max(20, columns - 22);
  const clip = (text: string) => (text.length <= room ? text : `${text.slice(0, room - 1)}…`);
  return [
    chalk.bold('sentences the answer depends on'),
    `  ${chalk.dim(attributionHeadline(attribution))}`,
    ...(note === undefined
      ? topSentences(attribution).map(
          (s) => `  ${chalk.yellow(signed(s.weight))}  ${chalk.dim(`passage ${s.rank}`)}  ${clip(s.text)}`,
        )
      : [`  ${chalk.dim(note)}`]),
  ];
}

/** The attribution block of a question in the HTML report. */
export function attributionHtml(attribution: QuestionAttribution): string {
  const note = noDependenceNote(attribution);
  const body =
    note === undefined
      ? `<ol class="attribution">${topSentences(attribution)
          .map(
            (s) =>
              `<li><span class="weight">${signed(s.weight)}</span> <span class="pid">passage ${s.rank}</span> <mark class="attributed">${escapeHtml(s.text)}</mark></li>`,
          )
          .join('')}</ol>`
      : `<p class="empty">${escapeHtml(note)}.</p>`;
  return `<h4>Sentences the answer depends on</h4><p class="hint">${escapeHtml(attributionHeadline(attribution))}</p>${body}`;
}

/** The summary row of the terminal and Markdown tables. */
export function attributionSummaryText(summary: AttributionSummary): string {
  return `mean LDS ${lds(summary.meanLds)} (n=${summary.ldsQuestions}) · ${summary.contextIndependent} of ${summary.questions} answers do not depend on the context`;
}

export const ATTRIBUTION_STYLE = `
mark.attributed { background: #ffe58a; color: inherit; padding: 0 1px; }
ol.attribution { margin: 4px 0; } ol.attribution .weight { font-family: ui-monospace, monospace; }
`;
