import { isAbstention } from './abstention.js';
import { MEMO_LIMIT, memo } from './memo.js';
import { normalizedTokens } from './normalize.js';

/** How two answers are compared: `contains` (default) or `exact` normalised equality. */
export type MatchMode = 'contains' | 'exact';

/** Compares two answers; `semantic` matchers (embedding based) implement the same shape. */
export type AnswerMatcher = (a: string, b: string) => boolean;

/** Words that, before the shorter answer inside the longer, turn it into a second candidate or deny it. */
const CONTRASTING = new Set([
  'not',
  'no',
  'never',
  'nor',
  'neither',
  'than',
  'instead',
  'unlike',
  'except',
  'besides',
  'versus',
  'vs',
  'v',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'doesnt',
  'didnt',
  'dont',
  'without',
  'rather',
]);

/** Words that, anywhere in the longer answer, say it names more than one candidate. */
const ALTERNATIVE = new Set(['or', 'either', 'versus', 'vs']);

/** Start positions of `needle` as a contiguous run of whole tokens in `haystack`. */
function runStarts(haystack: readonly string[], needle: readonly string[]): number[] {
  const starts: number[] = [];
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    starts.push(start);
  }
  return starts;
}

/** Stands between sentences in {@link sentenceTokens}; equal to no word. */
const SENTENCE_END = '\u0001';

/** A sentence ends at ".", "!", "?" or ";" after a word of two or more lower-case letters, before a capital. */
const SENTENCE_BREAK = /(?<=\p{Ll}{2} *[.!?;])\s+(?=\p{Lu})/u;

/** The normalised tokens of each sentence, joined by {@link SENTENCE_END}. */
function sentenceTokens(text: string): string[] {
  return text
    .split(SENTENCE_BREAK)
    .flatMap((sentence, index) => (index === 0 ? [] : [SENTENCE_END]).concat(normalizedTokens(sentence)));
}

/** The tokens within `before` of `start` and `after` of `end`, not across a sentence end. */
function around(
  tokens: readonly string[],
  start: number,
  end: number,
  before: number,
  after: number,
): string[] {
  const left = tokens.slice(Math.max(0, start - before), start);
  const right = tokens.slice(end, end + after);
  const cutLeft = left.lastIndexOf(SENTENCE_END);
  const cutRight = right.indexOf(SENTENCE_END);
  return [...left.slice(cutLeft + 1), ...(cutRight === -1 ? right : right.slice(0, cutRight))];
}

/** Whether a contrasting word stands within the three tokens before `start`, in its sentence. */
function contrasted(tokens: readonly string[], start: number): boolean {
  return around(tokens, start, start, 3, 0).some((token) => CONTRASTING.has(token));
}

/** Whether an alternative ("or", "versus") stands within three tokens of the run [start, end), in its sentence. */
function alternated(tokens: readonly string[], start: number, end: number): boolean {
  return around(tokens, start, end, 3, 3).some((token) => ALTERNATIVE.has(token));
}

/** Words a long answer may add or drop around the short one's content without changing it. */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'by',
  'with',
  'from',
  'is',
  'wa',
  'are',
  'were',
  'be',
  'it',
  'as',
]);

/**
 * Whether the longer answer asserts the shorter: it holds the shorter as a run of whole tokens
 * with no contrasting word just before it ("more members than Saint Motel", "not Paris") and no
 * alternative next to it ("Paris or Lyon"). A long-form answer (more than twice as long, at
 * least 8 tokens) may also hold the shorter's content words (two or more) apart, each asserted
 * the same way: "Emmanuel-Joseph Sieyès and Auguste Comte" in a sentence naming each of them.
 */
function asserts(longer: readonly string[], shorter: readonly string[]): boolean {
  const starts = runStarts(longer, shorter);
  if (starts.length > 0) {
    return starts.some(
      (start) => !contrasted(longer, start) && !alternated(longer, start, start + shorter.length),
    );
  }
  const content = shorter.filter((token) => !FUNCTION_WORDS.has(token));
  if (content.length < 2 || longer.length < 8 || longer.length < 2 * shorter.length) return false;
  return content.every((token) =>
    longer.some(
      (other, index) =>
        other === token && !contrasted(longer, index) && !alternated(longer, index, index + 1),
    ),
  );
}

/** What matching needs of one answer, computed once per answer by {@link memoisedMatch}. */
interface Analysis {
  readonly text: string;
  readonly abstains: boolean;
  readonly tokens: readonly string[];
  readonly joined: string;
}

function analyse(text: string): Analysis {
  const abstains = isAbstention(text);
  const tokens = abstains ? [] : normalizedTokens(text);
  return { text, abstains, tokens, joined: tokens.join(' ') };
}

function matchAnalyses(
  left: Analysis,
  right: Analysis,
  mode: MatchMode,
  sentences: (text: string) => readonly string[],
): boolean {
  if (left.abstains || right.abstains) return left.abstains && right.abstains;
  if (left.joined === right.joined) return true;
  if (mode === 'exact' || left.tokens.length === 0 || right.tokens.length === 0) return false;
  const [shorter, longer] = left.tokens.length <= right.tokens.length ? [left, right] : [right, left];
  return asserts(sentences(longer.text), shorter.tokens);
}

/**
 * Whether two answers say the same thing, as docs/metrics.md defines it. Abstentions match only
 * abstentions. `exact`: equal after normalisation. `contains`: equal, or the longer asserts the
 * shorter as a contiguous run of whole tokens.
 */
export function answersMatch(a: string, b: string, mode: MatchMode = 'contains'): boolean {
  return matchAnalyses(analyse(a), analyse(b), mode, sentenceTokens);
}

/**
 * {@link answersMatch} for one run: each answer is normalised once and each ordered pair compared
 * once (a run compares the same baseline, gold answers and substitutes again and again). The
 * memos are bounded; the results are those of `answersMatch`.
 */
export function memoisedMatch(mode: MatchMode): AnswerMatcher {
  const analysis = memo(analyse);
  const sentences = memo(sentenceTokens);
  const pairs = new Map<string, boolean>();
  return (a, b) => {
    // The length first: no pair of strings gives another pair's key.
    const key = `${a.length}:${a}${b}`;
    let same = pairs.get(key);
    if (same === undefined) {
      same = matchAnalyses(analysis(a), analysis(b), mode, sentences);
      if (pairs.size >= MEMO_LIMIT) pairs.clear();
      pairs.set(key, same);
    }
    return same;
  };
}

/**
 * Matching that knows the question's gold answers, which all name the one right answer: two
 * answers also match when they match two different aliases of the list ("JFK" and "John F.
 * Kennedy" when both are gold). Two answers that match only the same alias ("Paris, France" and
 * "Paris, Texas" both hold "Paris") do not match through it.
 */
export function matchWithAliases(
  match: AnswerMatcher,
  a: string,
  b: string,
  aliases: readonly string[],
): boolean {
  if (match(a, b)) return true;
  if (aliases.length < 2) return false;
  const left = aliases.flatMap((alias, index) => (match(a, alias) ? [index] : []));
  if (left.length === 0) return false;
  return aliases.some((alias, index) => match(b, alias) && left.some((other) => other !== index));
}
