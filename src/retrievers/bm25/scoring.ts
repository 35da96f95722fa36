/**
 * Okapi BM25 as ragseam scores it (the formula MiniSearch 7 used before the on-disk index, kept
 * so rankings do not change): k1 = 1.2, b = 0.75, δ = 0.
 */
export const BM25_PARAMS = { k: 1.2, b: 0.75, d: 0 } as const;

/** Bumped whenever tokenisation, scoring or the file layout changes, so old indexes are rebuilt. */
export const BM25_INDEX_VERSION = 1;

/** Whitespace, line breaks and punctuation separate tokens (Unicode classes Z and P). */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

/** The text a passage is indexed by: its title and text as one field. */
export function passageBody(title: string | undefined, text: string): string {
  return `${title ?? ''}\n${text}`;
}

/** Lower-cased non-empty tokens of a text, in order, with repeats (queries and passages alike). */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const raw of text.split(SPACE_OR_PUNCTUATION)) {
    const term = raw.toLowerCase();
    if (term !== '') terms.push(term);
  }
  return terms;
}

/**
 * A passage's length for length normalisation: the number of distinct tokens before lower-casing,
 * counting an empty leading or trailing token (MiniSearch's definition, kept for equal rankings).
 */
export function passageLength(body: string): number {
  return new Set(body.split(SPACE_OR_PUNCTUATION)).size;
}

/** Inverse document frequency of a term found in `documentFrequency` of `passageCount` passages. */
export function inverseDocumentFrequency(documentFrequency: number, passageCount: number): number {
  return Math.log(1 + (passageCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** One term's BM25 contribution to one passage. */
export function termScore(idf: number, termFrequency: number, length: number, averageLength: number): number {
  const { k, b, d } = BM25_PARAMS;
  return idf * (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * length) / averageLength)));
}
