import { MONTHS } from '../metrics/canonical.js';
import { isPlaceName } from './place-names.js';

/** What kind of thing an answer names; the corrupt probe swaps an answer for one of the same kind. */
export const ANSWER_TYPES = [
  'person',
  'place',
  'organisation',
  'date',
  'year',
  'number',
  'yes/no',
  'other',
] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

const YES_NO = /^(?:yes|no)\b/iu;
const YEAR =
  /^(?:(?:in|around|about|circa|c\.|since|by|from|between|the) )?(\d{3,4})(?:s)?(?:(?: ?(?:to|-|\u2013|\u2014|and|or) ?)(?:\d{2}|\d{4}))?(?: (?:AD|CE|BC|BCE))?\.?$/iu;
const NUMBER_WORD =
  /^(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b/iu;
const NUMBER =
  /^(?:(?:about|around|over|under|approximately|nearly|almost|more than|less than|some|up to|\$|£|€) ?)?\d/iu;

const ORGANISATION_WORDS =
  /\b(?:inc|corp|corporation|company|co|ltd|llc|plc|group|records|party|university|college|institute|school|academy|council|committee|agency|department|association|society|church|club|fc|united|airlines?|bank|network|studios?|press|games|entertainment|pictures|foundation|league|union|federation|army|navy|force|band|orchestra|team|assembly|parliament|congress|senate|court|ministry|bureau|commission|service|organization|organisation)\b/iu;
const PLACE_WORDS =
  /\b(?:junction|glacier|spring|cape|port|city|county|river|mountains?|mount|mt|lake|islands?|ocean|sea|state|province|republic|kingdom|park|street|bay|valley|castle|desert|peninsula|canyon|falls|beach|harbou?r|coast|region|district|village|town|island|gulf|strait|forest|hills?|square|palace|cathedral|stadium|arena|airport|station|bridge|avenue|road)\b/iu;

const PERSON_QUESTION =
  /^(?:who|whom|whose)\b|\b(?:who|whom|whose)\b|\b(?:which|what) (?:actor|actress|singer|player|president|author|writer|person|man|woman|king|queen|character|artist|composer|director|politician|scientist|leader|emperor|poet|musician|rapper|comedian|coach|founder|inventor)\b/iu;
const PLACE_QUESTION =
  /^where\b|\bwhere\b|\b(?:which|what) (?:city|country|state|capital|county|river|mountain|island|continent|town|location|place|nation|province|region|lake|ocean|sea|village|area|venue|stadium)\b|\bcapital\b|\bborn in what\b/iu;
const ORGANISATION_QUESTION =
  /\b(?:which|what) (?:company|team|band|group|party|university|college|organi[sz]ation|label|record label|club|network|school|airline|brand|firm|newspaper|magazine|channel|studio|corporation|agency)\b/iu;
const DATE_QUESTION =
  /^when\b|\bwhen\b|\bwhat (?:date|day|year)\b|\bwhich (?:date|day|year)\b|\bwhat time\b/iu;

/** A date with a month name: "May 14, 2002", "14 May 2002", "May 2002", "14th of May". */
function looksLikeDate(answer: string): boolean {
  const words = answer.toLowerCase().split(/[^a-z0-9]+/u);
  return words.some(
    (word, index) =>
      MONTHS[word] !== undefined &&
      word.length >= 3 &&
      (/^\d/u.test(words[index + 1] ?? '') ||
        /^\d/u.test(words[index - 1] ?? '') ||
        words[index - 1] === 'of'),
  );
}

/** Capitalised words (names), at least one, and no lower-case content word beyond short joiners. */
export function looksLikeName(answer: string): boolean {
  const words = answer.replace(/[.,]$/u, '').split(/\s+/u);
  if (words.length === 0 || words.length > 6) return false;
  return (
    /^\p{Lu}/u.test(words[0] ?? '') &&
    words.every(
      (word) =>
        /^[\p{Lu}\p{N}"'(]/u.test(word) ||
        /^(?:of|the|de|da|van|von|and|la|le|al|bin|du|del|y|for|in|on|&)$/u.test(word),
    )
  );
}

const ROLE =
  /^[\s,]*(?:\(born\b|(?:is|was) an? (?:[\p{Lu}][\p{L}-]+ )*(?:actor|actress|singer|songwriter|rapper|musician|politician|player|footballer|writer|author|novelist|director|producer|comedian|artist|businessman|businesswoman|entrepreneur|journalist|scientist|poet|composer|painter|model|presenter|host|engineer|lawyer|judge|philosopher|economist|inventor|physicist|chemist|dancer|television personality|YouTuber|athlete|coach|general|officer|king|queen|prince|princess|emperor|president)\b)/u;

/** Corpus evidence that a name is a person: "<name> (born ...", "<name> is an American actor". */
function personInPassages(name: string, passages: readonly string[]): boolean {
  for (const text of passages) {
    let from = text.indexOf(name);
    while (from !== -1) {
      if (ROLE.test(text.slice(from + name.length, from + name.length + 120))) return true;
      from = text.indexOf(name, from + 1);
    }
  }
  return false;
}

/** A leading preposition, article or "American"-style qualifier is not part of the answer's type. */
const LEADING = /^(?:(?:in|at|on|from|by|to|near|the|a|an) )+/iu;

/**
 * The answer's type, from its shape first (yes/no, date, year, number), then for names from the
 * name's own words ("... University" is an organisation, "... River" a place, a country is a
 * place), the question's wh-form, and what the passages say of the name ("<name> (born ...").
 * Anything else is `other`.
 */
export function classifyAnswer(answer: string, question = '', passages: readonly string[] = []): AnswerType {
  const text = answer.trim().replace(LEADING, '');
  if (YES_NO.test(text) && text.split(/\s+/u).length <= 3) return 'yes/no';
  if (looksLikeDate(text)) return 'date';
  if (YEAR.test(text)) {
    const year = Number(YEAR.exec(text)?.[1]);
    if (year >= 1000 && year <= 2100 && (DATE_QUESTION.test(question) || /^\d{4}$/u.test(text)))
      return 'year';
  }
  // "the 1979–80 season" answering "when": a year, whatever the words around it
  if (
    DATE_QUESTION.test(question) &&
    /(?<!\d)(?:1[0-9]|20)\d{2}(?!\d)/u.test(text) &&
    text.split(/\s+/u).length <= 5
  ) {
    return 'year';
  }
  if (NUMBER.test(text) || NUMBER_WORD.test(text)) {
    if (text.split(/\s+/u).length <= 4) return 'number';
  }
  if (!looksLikeName(text)) return 'other';
  if (ORGANISATION_WORDS.test(text)) return 'organisation';
  if (isPlaceName(text)) return 'place';
  if (PERSON_QUESTION.test(question)) return 'person';
  if (ORGANISATION_QUESTION.test(question)) return 'organisation';
  if (PLACE_WORDS.test(text) || PLACE_QUESTION.test(question)) return 'place';
  if (personInPassages(text, passages)) return 'person';
  return 'other';
}
