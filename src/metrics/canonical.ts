/**
 * One normal form for the tokens of an answer, so that "8 years" and "eight years", "first" and
 * "1st", "1.5 million" and "1,500,000", "May 14, 2002" and "14 May 2002" read the same, while
 * "1.5 million" and "15 million" stay apart. Works on the folded tokens of normalize.ts.
 */

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
  sixtieth: 60,
  seventieth: 70,
  eightieth: 80,
  ninetieth: 90,
  hundredth: 100,
};

const SCALES: Readonly<Record<string, number>> = {
  hundred: 100,
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
  trillion: 1_000_000_000_000,
};

/** Month names and abbreviations, 1-based. */
export const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const DIGITS = /^\d+(?:\.\d+)?$/u;
const DIGIT_ORDINAL = /^(\d+)(?:st|nd|rd|th)$/u;

/** The value of a number token: digits, a number word, an ordinal word or "21st". */
function tokenValue(token: string): number | undefined {
  if (DIGITS.test(token)) return Number(token);
  const digitOrdinal = DIGIT_ORDINAL.exec(token);
  if (digitOrdinal !== null) return Number(digitOrdinal[1]);
  return UNITS[token] ?? ORDINALS[token];
}

/** A number as one token: integers plainly, decimals without trailing zeros. */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
}

/**
 * Reads a number phrase starting at `start`: digits or number words, multiplied by scale words
 * ("two hundred and five", "1.5 million", "twenty one", "twenty-first"). Digits take only scale
 * words after them. Returns its value and how many tokens it used, or undefined when none starts there.
 */
function readNumber(tokens: readonly string[], start: number): { value: number; length: number } | undefined {
  const first = tokens[start] as string;
  const firstValue = tokenValue(first);
  if (firstValue === undefined) return undefined;
  const wordy = UNITS[first] !== undefined;
  let total = 0;
  let current = firstValue;
  let index = start + 1;
  if (!wordy && ORDINALS[first] === undefined && !DIGIT_ORDINAL.test(first)) {
    // digits: "1.5 million", "3 thousand"
    for (
      let scale = SCALES[tokens[index] as string];
      scale !== undefined;
      scale = SCALES[tokens[index] as string]
    ) {
      current *= scale;
      index++;
    }
    return { value: current, length: index - start };
  }
  while (wordy && index < tokens.length) {
    const token = tokens[index] as string;
    const scale = SCALES[token];
    const unit = UNITS[token] ?? ORDINALS[token];
    if (scale !== undefined) {
      current *= scale;
      if (scale >= 1_000) {
        total += current;
        current = 0;
      }
    } else if (
      unit !== undefined &&
      unit < 100 &&
      (current % 100 === 0 || (current % 10 === 0 && unit < 10))
    ) {
      current += unit;
      if (ORDINALS[token] !== undefined) {
        index++;
        break;
      }
    } else if (token === 'and' && UNITS[tokens[index + 1] as string] !== undefined && current >= 100) {
      // "two hundred and five": the "and" belongs to the number
    } else {
      break;
    }
    index++;
  }
  return { value: total + current, length: index - start };
}

/** Whether a number read as a day of the month. */
const isDay = (value: number | undefined) =>
  value !== undefined && Number.isInteger(value) && value >= 1 && value <= 31;
const isYear = (token: string | undefined) => token !== undefined && /^\d{3,4}$/u.test(token);

/**
 * A date at `start` as tokens year, month ("m5"), day ("d14"), most general first, so that
 * "May 2002" is a contiguous run inside "May 14, 2002" and "14 May 2002" equals it.
 */
function readDate(
  tokens: readonly string[],
  start: number,
): { tokens: string[]; length: number } | undefined {
  const at = (offset: number) => tokens[start + offset];
  const dayOf = (token: string | undefined) => (token === undefined ? undefined : tokenValue(token));
  const monthHere = MONTHS[at(0) as string];
  if (monthHere !== undefined) {
    // "May 14, 2002", "May 14", "May 2002"
    const day = dayOf(at(1));
    if (isDay(day) && !isYear(at(1))) {
      const year = isYear(at(2)) ? [at(2) as string] : [];
      return { tokens: [...year, `m${monthHere}`, `d${day}`], length: 2 + year.length };
    }
    if (isYear(at(1))) return { tokens: [at(1) as string, `m${monthHere}`], length: 2 };
    return undefined;
  }
  // "14 May 2002", "14th of May", "14 May"
  const day = dayOf(at(0));
  if (!isDay(day) || isYear(at(0))) return undefined;
  const ofShift = at(1) === 'of' ? 1 : 0;
  const month = MONTHS[at(1 + ofShift) as string];
  if (month === undefined) return undefined;
  const year = isYear(at(2 + ofShift)) ? [at(2 + ofShift) as string] : [];
  return { tokens: [...year, `m${month}`, `d${day}`], length: 2 + ofShift + year.length };
}

/** A plural noun's singular, by the regular English endings; short words and "-ss/-us/-is" stay. */
export function singular(token: string): string {
  if (token.length <= 3 || /\d/u.test(token)) return token;
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`;
  if (/(?:ss|us|is|ous)$/u.test(token)) return token;
  if (/(?:ches|shes|xes|zes|sses)$/u.test(token)) return token.slice(0, -2);
  if (token.endsWith('s')) return token.slice(0, -1);
  return token;
}

const QUALIFIERS = new Set(['late', 'early', 'mid']);

const LEADING_ARTICLES = new Set(['a', 'an', 'the']);

/**
 * The canonical tokens: a leading article dropped (only there: "Vitamin A" keeps its "A"),
 * dates as year/month/day tokens, number phrases and ordinals as one number, plurals singular.
 */
export function canonicalTokens(tokens: readonly string[]): string[] {
  let start = 0;
  while (start < tokens.length - 1 && LEADING_ARTICLES.has(tokens[start] as string)) start++;
  const out: string[] = [];
  for (let index = start; index < tokens.length; ) {
    // "late 1968", "early May 2002": the qualifier narrows a date; the date is the answer.
    if (QUALIFIERS.has(tokens[index] as string) && /^\d{3,4}$|^[a-z]+$/u.test(tokens[index + 1] ?? '')) {
      const next = tokens[index + 1] as string;
      if (
        /^\d{3,4}$/u.test(next) ||
        (MONTHS[next] !== undefined && readDate(tokens, index + 1) !== undefined)
      ) {
        index++;
        continue;
      }
    }
    const date = readDate(tokens, index);
    if (date !== undefined) {
      out.push(...date.tokens);
      index += date.length;
      continue;
    }
    const number = readNumber(tokens, index);
    if (number !== undefined) {
      out.push(formatNumber(number.value));
      index += number.length;
      continue;
    }
    out.push(singular(tokens[index] as string));
    index++;
  }
  return out;
}
