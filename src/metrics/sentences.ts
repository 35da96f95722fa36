/** One sentence of a passage: its text and where it sits in the passage's text. */
export interface SentenceSpan {
  /** The sentence, without the white space around it. */
  readonly text: string;
  /** Offset of its first character in the passage text (UTF-16 units). */
  readonly start: number;
  /** Offset just past its last character. */
  readonly end: number;
}

// Words that end in a full stop without ending the sentence: titles, company forms, months and
// references. Unicode sentence breaking (UAX #29) breaks after them when a capital follows.
const ABBREVIATIONS = new Set(
  [
    'mr mrs ms dr prof st jr sr gen col lt sgt capt rev gov sen rep hon fr',
    'inc co corp ltd bros mt ft ave blvd vol pp fig ed eds approx ca cf vs',
    'jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e',
  ]
    .join(' ')
    .split(' '),
);

/** Whether a segment ends in an abbreviation or an initial, so that the next one continues it. */
function endsInAbbreviation(segment: string, next: string): boolean {
  const last = /(\S+)\.\s*$/u.exec(segment)?.[1];
  if (last === undefined) return false;
  const word = last.replace(/^[("'“‘[]+/u, '');
  // A single capital letter: an initial (J. R. R. Tolkien); a dotted acronym: "the U.S. Navy".
  if (/^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  // "No. 5", "Nos. 3": only before a number, since "no." may end a sentence.
  if (/^nos?$/iu.test(word)) return /^\s*\d/u.test(next);
  return ABBREVIATIONS.has(word.toLowerCase());
}

// Built on first use, not at import: ICU's sentence rules cost ~12 ms, which every command paid at
// start-up though only --attribute splits sentences. A cache of a stateless object, set once.
let sentenceSegmenter: Intl.Segmenter | undefined;

function segmenter(): Intl.Segmenter {
  sentenceSegmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  return sentenceSegmenter;
}

/**
 * Splits a passage into sentences with `Intl.Segmenter` (Unicode sentence boundaries, which keep
 * "3.5" and "U.S. in" whole), then joins the breaks it makes after abbreviations and initials
 * ("Dr. Smith", "J. R. R. Tolkien", "Jan. 5") and pieces with no letter or digit (a stray "."
 * or quote). Spans point into `text`; empty text has no sentence.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const pieces: { start: number; end: number }[] = [];
  const hasWord = (piece: string) => /[\p{L}\p{N}]/u.test(piece);
  for (const segment of segmenter().segment(text)) {
    const end = segment.index + segment.segment.length;
    const previous = pieces.at(-1);
    // A closing quote the segmenter put first ('' in tokenised text) belongs to the sentence before.
    const quote = /^(?:''|["”’])(?=\s|$)/u.exec(segment.segment)?.[0].length ?? 0;
    if (previous !== undefined && quote > 0 && quote < segment.segment.length) {
      previous.end = segment.index + quote;
      pieces.push({ start: segment.index + quote, end });
      continue;
    }
    const before = previous === undefined ? '' : text.slice(previous.start, previous.end);
    if (
      previous !== undefined &&
      (!hasWord(segment.segment) || !hasWord(before) || endsInAbbreviation(before, segment.segment))
    )
      previous.end = end;
    else pieces.push({ start: segment.index, end });
  }
  const spans: SentenceSpan[] = [];
  for (const piece of pieces) {
    const raw = text.slice(piece.start, piece.end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    spans.push({ text: trimmed, start: piece.start + lead, end: piece.start + lead + trimmed.length });
  }
  return spans;
}
