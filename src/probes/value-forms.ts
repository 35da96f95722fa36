import { MONTHS } from '../metrics/canonical.js';
import { type Rng, randomInt } from '../metrics/random.js';

/** One text replacement of the corrupt probe: every whole-token occurrence of `find` becomes `replace`. */
export interface Replacement {
  readonly find: string;
  readonly replace: string;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL_SMALL = [
  'zeroth',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
];

/** "twenty-one" for 21; undefined past 99. */
export function numberWord(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 0 || value > 99) return undefined;
  if (value < 20) return SMALL[value];
  const unit = value % 10;
  return unit === 0 ? TENS[Math.floor(value / 10)] : `${TENS[Math.floor(value / 10)]}-${SMALL[unit]}`;
}

/** "twenty-first" for 21; undefined past 99. */
export function ordinalWord(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1 || value > 99) return undefined;
  if (value < 20) return ORDINAL_SMALL[value];
  const unit = value % 10;
  const tens = TENS[Math.floor(value / 10)] as string;
  return unit === 0 ? `${tens.slice(0, -1)}ieth` : `${tens}-${ORDINAL_SMALL[unit]}`;
}

/** "21st" for 21. */
export function ordinalDigits(value: number): string {
  const lastTwo = value % 100;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][value % 10] ?? 'th');
  return `${value}${suffix}`;
}

/** The value a number word or ordinal word names (0-99), else undefined. */
export function wordValue(word: string): { value: number; ordinal: boolean } | undefined {
  const lower = word.toLowerCase();
  for (let value = 0; value < 100; value++) {
    if (numberWord(value) === lower) return { value, ordinal: false };
    if (ordinalWord(value) === lower) return { value, ordinal: true };
  }
  return undefined;
}

/**
 * Every way passages may write an integer: digits, with thousands separators, in words, as
 * ordinals. Positions are fixed (a form that does not exist is undefined), so the forms of two
 * values pair up.
 */
export function integerForms(value: number, ordinal: boolean): (string | undefined)[] {
  // "one" and "first" are too common as plain words to stand for the number.
  const wordy = value >= 2;
  return ordinal
    ? [ordinalDigits(value), wordy ? ordinalWord(value) : undefined]
    : [
        String(value),
        value >= 1000 ? value.toLocaleString('en-US') : undefined,
        wordy ? numberWord(value) : undefined,
      ];
}

/** The pairs of forms of two integers that both exist. */
export function pairedForms(from: number, to: number, ordinal: boolean): Replacement[] {
  const targets = integerForms(to, ordinal);
  return integerForms(from, ordinal).flatMap((find, index) => {
    const replace = targets[index];
    return find === undefined || replace === undefined ? [] : [{ find, replace }];
  });
}

/** The same date written the ways English text writes dates. */
export function dateForms(date: {
  month: number;
  day?: number | undefined;
  year?: number | undefined;
}): string[] {
  const month = MONTH_NAMES[date.month - 1] as string;
  const { day, year } = date;
  if (day === undefined) return year === undefined ? [] : [`${month} ${year}`];
  const withYear =
    year === undefined
      ? []
      : [
          `${month} ${day}, ${year}`,
          `${month} ${day} ${year}`,
          `${day} ${month} ${year}`,
          `${day} ${month}, ${year}`,
        ];
  return [...withYear, `${month} ${day}`, `${day} ${month}`, `${ordinalDigits(day)} of ${month}`];
}

const MONTH = `(?:${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;
const DATE_PARTS = new RegExp(
  `\\b(?:(?<m1>${MONTH})\\.? (?<d1>\\d{1,2})(?:st|nd|rd|th)?(?:,? (?<y1>\\d{3,4}))?|(?<d2>\\d{1,2})(?:st|nd|rd|th)?(?: of)? (?<m2>${MONTH})(?:,? (?<y2>\\d{3,4}))?|(?<m3>${MONTH}),? (?<y3>\\d{4}))\\b`,
  'iu',
);

/** The month, day and year of a date answer, when it has a month name. */
export function parseDate(text: string): { month: number; day?: number; year?: number } | undefined {
  const match = DATE_PARTS.exec(text);
  const groups = match?.groups;
  if (groups === undefined) return undefined;
  const monthName = (groups.m1 ?? groups.m2 ?? groups.m3 ?? '').toLowerCase();
  const month = MONTHS[monthName];
  if (month === undefined) return undefined;
  const day = groups.d1 ?? groups.d2;
  const year = groups.y1 ?? groups.y2 ?? groups.y3;
  return {
    month,
    ...(day === undefined ? {} : { day: Number(day) }),
    ...(year === undefined ? {} : { year: Number(year) }),
  };
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const DIGIT = /^\p{N}$/u;

/** The code point that ends just before `index` (a surrogate pair whole), or undefined at the start. */
function codePointBefore(text: string, index: number): string | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const high = index >= 2 ? text.charCodeAt(index - 2) : 0;
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return text.slice(pair ? index - 2 : index - 1, index);
}

/** The code point that starts at `index`, or undefined at the end. */
function codePointAt(text: string, index: number): string | undefined {
  const code = text.codePointAt(index);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

/**
 * Replaces `parts` of `text` in one pass, so a part's new value is never replaced again: each key
 * not inside a longer number or word (not after a letter or digit, not before a digit), the
 * longest key first where several start at one place. This is what the pattern
 * `(?<![\p{L}\p{N}])(?:key|...)(?!\p{N})` (flags gu) replaces, found without compiling one per
 * call: a Unicode property class costs about a millisecond to compile, and number substitutes
 * try many keys. Keys are numbers and words; an empty key would replace nothing.
 */
export function renderLike(text: string, parts: readonly [string, string][]): string {
  const mapping = new Map(parts.filter(([key]) => key !== ''));
  if (mapping.size === 0) return text;
  const keys = [...mapping.keys()].sort((a, b) => b.length - a.length);
  let result = '';
  let copied = 0;
  for (let at = 0; at < text.length; ) {
    const before = codePointBefore(text, at);
    const key =
      before !== undefined && WORD_CHAR.test(before)
        ? undefined
        : keys.find((candidate) => {
            if (!text.startsWith(candidate, at)) return false;
            const after = codePointAt(text, at + candidate.length);
            return after === undefined || !DIGIT.test(after);
          });
    if (key === undefined) {
      // No replacement starts here: on to the next code point.
      at += (text.codePointAt(at) as number) > 0xffff ? 2 : 1;
      continue;
    }
    result += text.slice(copied, at) + (mapping.get(key) as string);
    at += key.length;
    copied = at;
  }
  return result + text.slice(copied);
}

/**
 * A different date in the target's own format ("May 14, 2002" -> "October 3, 2001"): another
 * month and day, the year moved by at most three, each written as the target writes it.
 */
export function dateSubstitute(
  rng: Rng,
  target: string,
): { substitute: string; replacements: Replacement[] } | undefined {
  const date = parseDate(target);
  if (date === undefined) return undefined;
  const month = ((date.month - 1 + 1 + randomInt(rng, 11)) % 12) + 1;
  const day = date.day === undefined ? undefined : ((date.day - 1 + 1 + randomInt(rng, 27)) % 28) + 1;
  // The year moves by 1 to 3 either way: a date that kept its year would leave the year standing.
  const shift = 1 + randomInt(rng, 3);
  const year = date.year === undefined ? undefined : date.year + (randomInt(rng, 2) === 0 ? shift : -shift);
  const parts: [string, string][] = [];
  const monthWord = target
    .match(/[A-Za-z]{3,9}/gu)
    ?.find((word) => MONTHS[word.toLowerCase()] === date.month);
  if (monthWord !== undefined) {
    const name = MONTH_NAMES[month - 1] as string;
    const abbreviated = monthWord.length < (MONTH_NAMES[date.month - 1] as string).length;
    const written = abbreviated ? name.slice(0, 3) : name;
    parts.push([monthWord, monthWord === monthWord.toUpperCase() ? written.toUpperCase() : written]);
  }
  if (date.day !== undefined && day !== undefined) {
    const ordinal = new RegExp(`(?<!\\p{N})${date.day}(?:st|nd|rd|th)\\b`, 'u').exec(target);
    parts.push(ordinal === null ? [String(date.day), String(day)] : [ordinal[0], ordinalDigits(day)]);
  }
  if (date.year !== undefined && year !== undefined) parts.push([String(date.year), String(year)]);
  const substitute = renderLike(target, parts);
  const from = dateForms(date);
  const to = dateForms({ month, day, year });
  return {
    substitute,
    replacements: [
      { find: target, replace: substitute },
      ...from.map((find, index) => ({ find, replace: to[index] as string })),
    ],
  };
}
