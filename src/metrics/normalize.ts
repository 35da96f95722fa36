import { canonicalTokens } from './canonical.js';

/**
 * SQuAD-style normalisation, made Unicode-aware and number-aware: the tokens of
 * {@link normalizedTokens} joined by single spaces.
 */
export function normalizeAnswer(text: string): string {
  return normalizedTokens(text).join(' ');
}

const DECIMAL_POINT = '\u0000';

/**
 * The words of a text: NFKD without combining marks, lower case, apostrophes joining ("don't"
 * -> "dont"), thousands separators dropped ("1,000" -> "1000"), a decimal point kept ("1.5"
 * stays one token and never reads as "15"), every other punctuation mark or symbol a separator.
 */
export function foldedTokens(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    // Tokenised text spaces a possessive off ("Harrod 's"); join it back before dropping apostrophes.
    .replace(/\s+(?=['\u2019]s\b)/gu, '')
    .replace(/['\u2019\u02bc]/gu, '')
    .replace(/(?<=\p{Nd}),(?=\p{Nd}{3}(?!\p{Nd}))/gu, '')
    .replace(/(?<=\p{Nd})\.(?=\p{Nd})/gu, DECIMAL_POINT)
    // "n/a" would otherwise read as "n" and "a", and not be an abstention.
    .replace(/(?<![\p{L}\p{N}])n\/a(?![\p{L}\p{N}])/gu, 'na')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replaceAll(DECIMAL_POINT, '.');
  return folded.split(/\s+/u).filter((token) => token !== '');
}

/**
 * The tokens answers are compared on: {@link foldedTokens} in the normal form of canonical.ts
 * (a leading article dropped, numbers, number words, ordinals and dates in one form, plurals
 * singular).
 */
export function normalizedTokens(text: string): string[] {
  return canonicalTokens(foldedTokens(text));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

const BEYOND_ASCII = /[\u0080-\uffff]/;

/** Removes diacritics the way answer normalisation does (NFKD, combining marks dropped). */
function foldDiacritics(text: string): string {
  return BEYOND_ASCII.test(text) ? text.normalize('NFKD').replace(/\p{M}+/gu, '') : text;
}

/**
 * `text` without diacritics, and for each UTF-16 unit of the result the index in `text` of the
 * character it came from (one more entry marks the end), so a match in the folded text maps back
 * to the original. `origin` is undefined when folding changes nothing (plain ASCII, the common case).
 */
function foldWithOrigin(text: string): { folded: string; origin: number[] | undefined } {
  if (!BEYOND_ASCII.test(text)) return { folded: text, origin: undefined };
  let folded = '';
  const origin: number[] = [];
  for (let index = 0; index < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(index) as number);
    const part = foldDiacritics(char);
    for (let unit = 0; unit < part.length; unit++) origin.push(index);
    folded += part;
    index += char.length;
  }
  origin.push(text.length);
  return { folded, origin };
}

/**
 * Finds `phrase` in passage text as whole tokens (not preceded or followed by a letter or digit),
 * ignoring case and diacritics, with any run of whitespace between its words, and calls `onMatch`
 * with each occurrence's start and end in the original text. Deciding that a target occurs and
 * replacing it both go through here, so the two never disagree. The boundary test is done outside
 * the regular expression: a case-insensitive Unicode property class is costly to compile for
 * every phrase.
 */
function scanPhrase(pattern: RegExp, text: string, onMatch: (start: number, end: number) => boolean): void {
  const { folded, origin } = foldWithOrigin(text);
  const toOriginal = (index: number) => (origin === undefined ? index : (origin[index] as number));
  pattern.lastIndex = 0;
  let match = pattern.exec(folded);
  while (match !== null) {
    const start = toOriginal(match.index);
    const end = toOriginal(match.index + match[0].length);
    if (!isWordChar(text[start - 1]) && !isWordChar(text[end])) {
      if (onMatch(start, end)) return;
      pattern.lastIndex = match.index + match[0].length;
    } else {
      pattern.lastIndex = match.index + 1;
    }
    match = pattern.exec(folded);
  }
}

/**
 * What may stand between a phrase's words: whitespace, ASCII and Latin-1 punctuation and symbols,
 * general punctuation (dashes, quotes), arrows and symbols, CJK punctuation. Spelled out because a
 * Unicode property class in a case-insensitive pattern is slow to run over every passage.
 */
const SEPARATOR =
  '[\\s!-/:-@[-`{-~\\u00a0-\\u00bf\\u00d7\\u00f7\\u2000-\\u206f\\u2190-\\u2bff\\u3000-\\u303f]+';

/** A phrase's words: letter/digit runs, a number with its inner separators ("1,000", "1.5") as one. */
const PHRASE_WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+/gu;

/**
 * The pattern of a phrase on normalised tokens: its words in order with any run of spaces and
 * punctuation between them ("August 8, 2014" finds "August 8 , 2014"; "Freddy's" finds
 * "Freddy 's"), its own leading and trailing punctuation taken along when present ("C++").
 * A phrase without a letter or digit has no pattern: it occurs nowhere.
 */
function compilePhrase(phrase: string): RegExp | undefined {
  const folded = foldDiacritics(phrase).trim();
  const words = [...folded.matchAll(PHRASE_WORD)];
  const first = words[0];
  const last = words.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const leading = folded.slice(0, first.index).trim();
  const trailing = folded.slice(last.index + last[0].length).trim();
  const optional = (affix: string) => (affix === '' ? '' : `(?:${escapeRegExp(affix)})?`);
  const body = words.map((word) => escapeRegExp(word[0])).join(SEPARATOR);
  return new RegExp(`${optional(leading)}${body}${optional(trailing)}`, 'giu');
}

/** Compiles `phrase` once and tests texts for it as whole tokens, ignoring case and diacritics; an empty phrase occurs nowhere. */
export function phraseTester(phrase: string): (text: string) => boolean {
  const pattern = compilePhrase(phrase);
  if (pattern === undefined) return () => false;
  return (text) => {
    let found = false;
    scanPhrase(pattern, text, () => {
      found = true;
      return true;
    });
    return found;
  };
}

/** Compiles `phrase` once and replaces its whole-token occurrences in texts, ignoring case and diacritics. */
export function phraseReplacer(phrase: string, replacement: string): (text: string) => string {
  const pattern = compilePhrase(phrase);
  if (pattern === undefined) return (text) => text;
  return (text) => {
    let result = '';
    let copied = 0;
    scanPhrase(pattern, text, (start, end) => {
      result += text.slice(copied, start) + replacement;
      copied = end;
      return false;
    });
    return result + text.slice(copied);
  };
}

/** True when `phrase` occurs in `text` as whole tokens, ignoring case. */
export function containsPhrase(text: string, phrase: string): boolean {
  return phraseTester(phrase)(text);
}
