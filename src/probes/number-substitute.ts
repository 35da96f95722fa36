import { type Rng, randomInt } from '../metrics/random.js';
import {
  numberWord,
  ordinalDigits,
  ordinalWord,
  pairedForms,
  type Replacement,
  renderLike,
  wordValue,
} from './value-forms.js';

/** A substitute with the replacements that put it in place of every form of the target. */
export interface Substitution {
  readonly substitute: string;
  readonly replacements: readonly Replacement[];
}

const MAX_DRAWS = 50;
/** Years after this are not plausible as facts in a passage. */
const LATEST_YEAR = 2030;

/**
 * Other plausible years near the target's: every year in it ("1665 to 1666") moved by the same
 * 1 to 15 years, or 10 to 30 for a decade (back, when forward would pass 2030), written in the target's own words ("in
 * 1990" -> "in 1984"), none of them one the passages hold.
 */
export function yearSubstitute(
  rng: Rng,
  target: string,
  occurs: (text: string) => boolean,
): Substitution | undefined {
  const years = [...new Set(target.match(/(?<!\d)\d{3,4}(?!\d)/gu) ?? [])];
  if (years.length === 0) return undefined;
  const latest = Math.max(...years.map(Number));
  const decade = /(?<!\d)\d{3}0s\b/u.test(target);
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    // A decade ("the late 1980s") moves by whole decades.
    const delta = decade ? 10 * (1 + randomInt(rng, 3)) : 1 + randomInt(rng, 15);
    const shift = randomInt(rng, 2) === 0 && latest + delta <= LATEST_YEAR ? delta : -delta;
    const pairs = years.map((year): [string, string] => [year, String(Number(year) + shift)]);
    // "2014–15": the short end of a season moves with its year.
    const season = /(\d{4})\s*[\u2013-]\s*(\d{2})(?!\d)/u.exec(target);
    if (season !== null) {
      const end = (Number(season[1]) + shift + (Number(season[2]) - (Number(season[1]) % 100) + 100)) % 100;
      const moved = season[0].slice(0, -2).replace(season[1] as string, String(Number(season[1]) + shift));
      pairs.unshift([season[0], `${moved}${String(end).padStart(2, '0')}`]);
    }
    if (pairs.some(([, other]) => occurs(other))) continue;
    const substitute = renderLike(target, pairs);
    return {
      substitute,
      replacements: [
        { find: target, replace: substitute },
        ...pairs.map(([find, replace]) => ({ find, replace })),
      ],
    };
  }
  return undefined;
}

const NUMERAL = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/u;

/** A different value of the same magnitude and precision: as many digits, as many decimals. */
function drawValue(rng: Rng, value: number, digits: number, decimals: number, clock: boolean): number {
  if (decimals > 0) {
    const scale = 10 ** decimals;
    return Math.round(value * (0.5 + randomInt(rng, 1000) / 666) * scale) / scale;
  }
  if (digits <= 2 && clock) return 1 + ((value + randomInt(rng, 11)) % 12);
  const lowest = digits > 1 ? 10 ** (digits - 1) : 0;
  return lowest + randomInt(rng, 10 ** digits - lowest);
}

/**
 * A different number in the target's shape: the same unit and wording around it, the same
 * magnitude (digit count) and format (thousands separators, decimals, ordinal suffix), and the
 * same digits-or-words ("seven" -> "four", "1.5 million" -> "2.3 million", "159 counties" ->
 * "212 counties"). The replacements cover the other ways of writing the number (7 / seven).
 */
export function numberSubstitute(
  rng: Rng,
  target: string,
  occurs: (text: string) => boolean,
): Substitution | undefined {
  const numeral = NUMERAL.exec(target);
  if (numeral !== null) return digitSubstitute(rng, target, numeral[0], occurs);
  const first = target.match(/[A-Za-z-]+/gu)?.find((word) => wordValue(word) !== undefined);
  const named = first === undefined ? undefined : wordValue(first);
  if (first === undefined || named === undefined) return undefined;
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const other = 1 + randomInt(rng, named.value > 20 ? 98 : 19);
    if (other === named.value) continue;
    const word = (named.ordinal ? ordinalWord(other) : numberWord(other)) as string;
    const written = /^\p{Lu}/u.test(first) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    if (occurs(written)) continue;
    const substitute = renderLike(target, [[first, written]]);
    return {
      substitute,
      replacements: [
        { find: target, replace: substitute },
        ...pairedForms(named.value, other, named.ordinal),
      ],
    };
  }
  return undefined;
}

function digitSubstitute(
  rng: Rng,
  target: string,
  raw: string,
  occurs: (text: string) => boolean,
): Substitution | undefined {
  const plain = raw.replaceAll(',', '');
  const value = Number(plain);
  const decimals = plain.split('.')[1]?.length ?? 0;
  const digits = plain.split('.')[0]?.length ?? 1;
  const suffix = new RegExp(`${raw.replace(/[.]/gu, '\\.')}(st|nd|rd|th)\\b`, 'u').exec(target)?.[1];
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const other = drawValue(rng, value, digits, decimals, new RegExp(`${raw}:\\d{2}`, 'u').test(target));
    if (other === value || other <= 0) continue;
    let written = decimals > 0 ? other.toFixed(decimals) : String(other);
    if (raw.includes(','))
      written = Number(written).toLocaleString('en-US', { minimumFractionDigits: decimals });
    const from = suffix === undefined ? raw : `${raw}${suffix}`;
    const to = suffix === undefined ? written : ordinalDigits(other);
    if (occurs(to)) continue;
    // A range ("100–150") keeps its width: both ends move.
    const end = decimals === 0 ? rangeEnd(target, raw, other - value) : undefined;
    const substitute = renderLike(target, [[from, to], ...(end === undefined ? [] : [end])]);
    const integerPairs = decimals === 0 ? pairedForms(value, other, suffix !== undefined) : [];
    return {
      substitute,
      replacements: [
        { find: target, replace: substitute },
        { find: from, replace: to },
        ...(end === undefined ? [] : [{ find: end[0], replace: end[1] }]),
        ...integerPairs,
      ],
    };
  }
  return undefined;
}

/** The far end of a range that starts at `raw` ("100–150" -> "150"), with its value moved by `shift`. */
function rangeEnd(target: string, raw: string, shift: number): [string, string] | undefined {
  const found = new RegExp(`(?<!\\d)${raw}\\s*[-\u2013]\\s*(\\d+)(?![\\d.])`, 'u').exec(target)?.[1];
  if (found === undefined) return undefined;
  const moved = Number(found) + shift;
  return moved > 0 ? [found, String(moved)] : undefined;
}
