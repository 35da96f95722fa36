import { Tokenizer } from './tokenizer.js';

/**
 * Okapi BM25 as ragseam scores it (the formula MiniSearch 7 used before the on-disk index, kept
 * so rankings do not change): k1 = 1.2, b = 0.75, δ = 0.
 */
export const BM25_PARAMS = { k: 1.2, b: 0.75, d: 0 } as const;

/** Bumped whenever tokenisation, scoring or the file layout changes, so old indexes are rebuilt. */
export const BM25_INDEX_VERSION = 2;

/** The text a passage is indexed by: its title and text as one field. */
export function passageBody(title: string | undefined, text: string): string {
  return `${title ?? ''}\n${text}`;
}

/** The lower-cased, non-empty terms of split tokens, in order, with repeats. */
export function lowerCaseTerms(tokens: readonly string[]): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    const term = token.toLowerCase();
    if (term !== '') terms.push(term);
  }
  return terms;
}

/** A query's or passage's terms (see {@link Tokenizer} for the separators). */
export function tokenize(text: string, tokenizer = new Tokenizer()): string[] {
  return lowerCaseTerms(tokenizer.split(text));
}

/**
 * A passage's length for length normalisation: the number of distinct split tokens before
 * lower-casing, an empty first or last token included (MiniSearch's definition, kept so rankings
 * stay equal).
 */
export function passageLength(tokens: readonly string[]): number {
  return new Set(tokens).size;
}

/** Inverse document frequency of a term found in `documentFrequency` of `passageCount` passages. */
export function inverseDocumentFrequency(documentFrequency: number, passageCount: number): number {
  return Math.log(1 + (passageCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** The length part of BM25's denominator for a passage: k1 · (1 − b + b · length / average). */
export function lengthNormaliser(length: number, averageLength: number): number {
  const { k, b } = BM25_PARAMS;
  return k * (1 - b + (b * length) / averageLength);
}

/**
 * The tf part of a term's contribution, δ + tf · (k1 + 1) / (tf + normaliser): below k1 + 1 + δ
 * and often far below it (about 1 for a term met once in a passage of average length).
 */
export function saturation(termFrequency: number, normaliser: number): number {
  const { k, d } = BM25_PARAMS;
  return d + (termFrequency * (k + 1)) / (termFrequency + normaliser);
}

/**
 * One term's BM25 contribution to one passage: idf · (δ + tf · (k1 + 1) / (tf + normaliser)),
 * evaluated in MiniSearch's order of operations, so scores agree to the last bit.
 */
export function termScore(idf: number, termFrequency: number, normaliser: number): number {
  const { k, d } = BM25_PARAMS;
  return idf * (d + (termFrequency * (k + 1)) / (termFrequency + normaliser));
}
