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

/** A scan of texts for one phrase: calls `onMatch` with each whole-token occurrence's start and end. */
type PhraseScan = (text: string, onMatch: (start: number, end: number) => boolean) => void;

/**
 * The scan of a phrase on normalised tokens: its words in order with any run of spaces and
 * punctuation between them ("August 8, 2014" finds "August 8 , 2014"; "Freddy's" finds
 * "Freddy 's"), its own leading and trailing punctuation taken along when present ("C++").
 * A phrase without a letter or digit has no scan: it occurs nowhere. Plain ASCII phrases are
 * scanned in plain ASCII texts without a regular expression ({@link asciiScan}): each question
 * brings phrases of its own, and compiling a pattern costs far more than scanning a few passages.
 */
function compilePhrase(phrase: string): PhraseScan | undefined {
  const folded = foldDiacritics(phrase).trim();
  const words = [...folded.matchAll(PHRASE_WORD)];
  const first = words[0];
  const last = words.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const leading = folded.slice(0, first.index).trim();
  const trailing = folded.slice(last.index + last[0].length).trim();
  const optional = (affix: string) => (affix === '' ? '' : `(?:${escapeRegExp(affix)})?`);
  let pattern: RegExp | undefined;
  const regexScan: PhraseScan = (text, onMatch) => {
    pattern ??= new RegExp(
      `${optional(leading)}${words.map((word) => escapeRegExp(word[0])).join(SEPARATOR)}${optional(trailing)}`,
      'giu',
    );
    scanPhrase(pattern, text, onMatch);
  };
  if (leading !== '' || trailing !== '' || BEYOND_ASCII.test(folded)) return regexScan;
  const lowerWords = words.map((word) => word[0].toLowerCase());
  return (text, onMatch) =>
    BEYOND_ASCII.test(text) ? regexScan(text, onMatch) : asciiScan(lowerWords, text, onMatch);
}

/**
 * What the phrase's pattern finds in a plain ASCII text, in the same order: the words, in lower
 * case, each after a run of {@link SEPARATOR}'s ASCII characters, at each start from the left;
 * after a whole-token match the scan goes on from its end, after a failed boundary from the next
 * character (as {@link scanPhrase} moves `lastIndex`).
 */
function asciiScan(
  words: readonly string[],
  text: string,
  onMatch: (start: number, end: number) => boolean,
): void {
  const lower = text.toLowerCase();
  const head = words[0] as string;
  let from = 0;
  for (let start = lower.indexOf(head, from); start !== -1; start = lower.indexOf(head, from)) {
    let end = start + head.length;
    for (let w = 1; w < words.length && end !== -1; w++) {
      const after = end;
      while (end < lower.length && isAsciiSeparator(lower.charCodeAt(end))) end++;
      const word = words[w] as string;
      end = end > after && lower.startsWith(word, end) ? end + word.length : -1;
    }
    if (end === -1) from = start + 1;
    else if (!isWordChar(text[start - 1]) && !isWordChar(text[end])) {
      if (onMatch(start, end)) return;
      from = end;
    } else from = start + 1;
  }
}

/** {@link SEPARATOR} within ASCII: whitespace and every ASCII punctuation mark and symbol. */
function isAsciiSeparator(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x20 && code <= 0x2f) ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

/** Compiles `phrase` once and tests texts for it as whole tokens, ignoring case and diacritics; an empty phrase occurs nowhere. */
export function phraseTester(phrase: string): (text: string) => boolean {
  const scan = compilePhrase(phrase);
  if (scan === undefined) return () => false;
  return (text) => {
    let found = false;
    scan(text, () => {
      found = true;
      return true;
    });
    return found;
  };
}

/** Compiles `phrase` once and replaces its whole-token occurrences in texts, ignoring case and diacritics. */
export function phraseReplacer(phrase: string, replacement: string): (text: string) => string {
  const scan = compilePhrase(phrase);
  if (scan === undefined) return (text) => text;
  return (text) => {
    let result = '';
    let copied = 0;
    scan(text, (start, end) => {
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
