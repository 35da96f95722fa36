import { LONG_FORM_WORDS } from '../metrics/scores.js';
import type { Estimate } from '../model/report.js';

/** A share as "0.62"; "–" when there is no value. */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : value.toFixed(2);
}

/** An interval as "[0.48, 0.75]". */
export function formatInterval(ci95: readonly [number, number] | null): string {
  return ci95 === null ? '' : `[${ci95[0].toFixed(2)}, ${ci95[1].toFixed(2)}]`;
}

/** "0.62 [0.48, 0.75]" */
export function formatEstimate(estimate: Estimate): string {
  const interval = formatInterval(estimate.ci95);
  return interval === '' ? formatShare(estimate.value) : `${formatShare(estimate.value)} ${interval}`;
}

/** Cuts text to `width` characters with an ellipsis, on one line. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/** Breaks text into lines of at most `width` characters at spaces (a longer word stays whole). */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/**
 * A note when most baseline answers are long-form and the run matched them lexically: token
 * overlap then misjudges paraphrases. Undefined otherwise (and for reports without the field).
 */
export function longFormNote(summary: { longFormShare?: number | null }, match: string): string | undefined {
  const share = summary.longFormShare;
  if (share === undefined || share === null || share <= 0.5 || match.startsWith('semantic:'))
    return undefined;
  return `note: ${Math.round(share * 100)}% of baseline answers are long-form (more than ${LONG_FORM_WORDS} words); lexical matching (${match}) is a poor fit for them, consider --match semantic:<model>`;
}
