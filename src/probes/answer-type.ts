import { MONTHS } from '../metrics/canonical.js';
import {
  describedName,
  isPeopleOrLanguage,
  looksLikePersonName,
  nameRoleInPassages,
} from './name-evidence.js';
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
  /^(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\b/iu;
const NUMBER =
  /^(?:(?:about|around|over|under|approximately|nearly|almost|more than|less than|some|up to|\$|£|€) ?)?\d/iu;

const ORGANISATION_WORDS =
  /\b(?:inc|corp|corporation|company|co|ltd|llc|plc|group|records|party|university|college|institute|school|academy|council|committee|agency|department|association|society|church|club|guild|fc|united|airlines?|bank|network|studios?|press|games|entertainment|pictures|foundation|league|union|federation|army|navy|force|band|orchestra|team|assembly|parliament|congress|senate|court|ministry|bureau|commission|service|organization|organisation|resources|holdings|industries|enterprises|partners|motors|technologies|communications|pharmaceuticals|laboratories|electronics|singers|brothers|sisters)\b/iu;
const PLACE_WORDS =
  /\b(?:junction|glacier|spring|cape|port|city|county|river|mountains?|mount|mt|lake|islands?|ocean|sea|state|province|republic|kingdom|park|street|bay|valley|castle|desert|peninsula|canyon|falls|beach|harbou?r|coast|region|district|village|town|island|gulf|strait|forest|hills?|square|palace|cathedral|stadium|arena|airport|station|bridge|avenue|road|theatre|theater|museum|tower|monument|zoo|hotel|building)\b/iu;

const PERSON_QUESTION =
  /^(?:who|whom|whose)\b|\b(?:who|whom|whose)\b|\b(?:which|what)(?: [\p{L}-]+)?(?: [\p{L}-]+)? (?:actor|actress|singer|player|president|author|writer|person|man|woman|king|queen|character|artist|composer|director|politician|scientist|leader|emperor|poet|musician|rapper|comedian|coach|founder|inventor|god|goddess|hero|character|villain|apostle|prophet|disciple|saint|pope|judge|justice|keeper|owner|mayor|chairman|ceo|manager|captain|governor|chief)\b/iu;
const PLACE_QUESTION =
  /^where\b|\bwhere\b|\b(?:which|what) (?:city|country|state|capital|county|river|mountain|island|continent|town|location|place|nation|province|region|lake|ocean|sea|village|area|venue|stadium)\b|\bcapital\b|\bborn in what\b|\b(?:highest|tallest|largest|longest|biggest|deepest) (?:mountain|peak|river|lake|city|island|country|building|waterfall|desert)\b/iu;
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
    /^["'(]?\p{Lu}/u.test(words[0] ?? '') &&
    words.every(
      (word) =>
        /^[\p{Lu}\p{N}"'(]/u.test(word) ||
        /^(?:of|the|de|da|van|von|and|la|le|al|bin|du|del|y|for|in|on|&)$/u.test(word),
    )
  );
}

/** A leading preposition, article or "American"-style qualifier is not part of the answer's type. */
const LEADING = /^(?:(?:in|at|on|from|by|to|near|the|a|an) )+/iu;

/** How the type was decided: by the answer itself or the passages (`own`), or only by the question's wh-form (`question`). */
export type TypeEvidence = 'own' | 'question';

/** An answer's type with the evidence it rests on. */
export interface TypedAnswer {
  readonly type: AnswerType;
  readonly evidence: TypeEvidence;
}

const own = (type: AnswerType): TypedAnswer => ({ type, evidence: 'own' });

/** "who sang ...": "The Chainsmokers", "the Rolling Stones" are bands, not people. */
const THE_PLURAL = /^the \p{Lu}.*s$/iu;
/** Questions about a song or a performance, where "The ...s" is a band rather than a family or a people. */
const PERFORMED =
  /\b(?:artist|music|musician|sing|sings|sang|sung|singer|band|perform|performs|performed|record|recorded|song|group)\b/iu;
/**
 * "who has the most super bowls": "Pittsburgh Steelers", "Imagine Dragons" name a team or band by
 * a plural last word; a surname ending in s ("Serena Williams") has a given name first or is common.
 */
const TEAM =
  /^\p{Lu}\p{L}+(?: \p{Lu}\p{L}+)* (?!(?:Williams|Adams|Evans|Jones|Roberts|Harris|Davis|Hughes|Phillips|Brooks|Hayes|Collins|Edwards|Rogers|Simmons|Sanders|Woods|Matthews|James|Andrews|Stevens|Peters|Reynolds|Richards|Owens|Myers|Powers|Banks|Burns|Wells|Hopkins|Jenkins|Perkins|Watkins|Gibbs|Hastings|Holmes|Ellis|Lewis|Douglas|Thomas|Curtis|Morris|Travis|Willis|Gates|Hicks|Hanks|Bridges|Styles|Jonas|Nichols|Rhodes|Stokes|Sykes|Parsons)$)\p{Lu}\p{Ll}*(?:ers|ors|ots|ets|ics|ees|ons|oys|nts|les|lls|ves|ies|ars|ams|ngs|uins|hins|os)$/u;
/** "who did virginia lose to": "UMBC" is a team or body, not a person. */
const ACRONYM = /^\p{Lu}{2,6}$/u;
/** "which abbott and costello movie has who on first": the question asks for a work, whatever "who" follows. */
const WORK_QUESTION =
  /\b(?:which|what)(?: [\p{L}-]+)? (?:movie|film|song|album|book|show|series|novel|play|game|poem|painting|episode|single)\b/iu;

/**
 * The answer's type, from its shape first (yes/no, date, year, number), then for names from the
 * name's own words ("... University" is an organisation, "... River" a place, a country is a
 * place, "Americans" a people), what the passages say of it ("<name> (born ...", "... is an
 * American rock band", "by American singer <name>"), a common given name ("Peter ..."), and only
 * then the question's wh-form. Anything else is `other`.
 */
export function typeAnswer(answer: string, question = '', passages: readonly string[] = []): TypedAnswer {
  const text = answer.trim().replace(LEADING, '');
  const shaped = shapeType(text, question);
  if (shaped !== undefined) return own(shaped);
  if (!looksLikeName(text)) return own(describedName(text) ?? 'other');
  if (isPlaceName(text)) return own('place');
  if (ORGANISATION_WORDS.test(text)) return own('organisation');
  if (isPeopleOrLanguage(text)) return own('other');
  // A person's name never starts with "the": "The Charlotte Hornets" is a team.
  const article = /^the /iu.test(answer.trim());
  if (article && TEAM.test(text)) return own('organisation');
  const personName = !article && looksLikePersonName(text);
  // "manufacturer Charles Porter", "Bruce Hornsby and the Range": a given name outweighs a group word nearby.
  if (!personName && PLACE_WORDS.test(text) && !PERSON_QUESTION.test(question)) return own('place');
  const said = nameRoleInPassages(text, passages);
  if (said !== undefined) return own(personName ? 'person' : said);
  if (WORK_QUESTION.test(question)) return { type: 'other', evidence: 'question' };
  if (PERSON_QUESTION.test(question)) {
    if (
      (THE_PLURAL.test(answer.trim()) && PERFORMED.test(question)) ||
      (!personName && (TEAM.test(text) || ACRONYM.test(text)))
    )
      return own('organisation');
    if (!personName && PLACE_WORDS.test(text)) return own('place');
    return { type: 'person', evidence: personName ? 'own' : 'question' };
  }
  if (personName && !PLACE_WORDS.test(text)) return own('person');
  if (ORGANISATION_QUESTION.test(question)) return { type: 'organisation', evidence: 'question' };
  if (PLACE_WORDS.test(text)) return own('place');
  if (PLACE_QUESTION.test(question)) return { type: 'place', evidence: 'question' };
  if (personName) return own('person');
  return own('other');
}

/** The type an answer's shape decides: yes/no, a date, a year, a number; undefined for anything else. */
function shapeType(text: string, question: string): AnswerType | undefined {
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
  const wordCount = text.split(/\s+/u).length;
  // "the Second Continental Congress" is a name; "Four Seas" answers "how many".
  const named = wordCount > 1 && looksLikeName(text) && !/\bhow (?:many|much)\b/iu.test(question);
  if ((NUMBER.test(text) || (NUMBER_WORD.test(text) && !named)) && wordCount <= 4) return 'number';
  if (/^[IVXLC]{2,7}$/u.test(text)) return 'number';
  return undefined;
}

/** {@link typeAnswer}'s type alone. */
export function classifyAnswer(answer: string, question = '', passages: readonly string[] = []): AnswerType {
  return typeAnswer(answer, question, passages).type;
}
