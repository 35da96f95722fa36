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

/** Replaces `parts` of `text` in one pass, so a part's new value is never replaced again: each key not inside a longer number or word. */
export function renderLike(text: string, parts: readonly [string, string][]): string {
  if (parts.length === 0) return text;
  const mapping = new Map(parts);
  const keys = [...mapping.keys()].sort((a, b) => b.length - a.length);
  const alternatives = keys.map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return text.replace(
    new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?!\\p{N})`, 'gu'),
    (found) => mapping.get(found) ?? found,
  );
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
