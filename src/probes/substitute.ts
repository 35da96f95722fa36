import { isAbstention } from '../metrics/abstention.js';
import type { Passage } from '../model/types.js';

export type { SubstituteCandidate } from './candidate-list.js';

import { type AnswerType, looksLikeName, typeAnswer } from './answer-type.js';
import { type CandidateList, packedCandidates, type SubstituteCandidate } from './candidate-list.js';
import { randomOrder } from './candidates.js';
import { numberSubstitute, type Substitution, yearSubstitute } from './number-substitute.js';
import type { PoolList, ProbeContext } from './types.js';
import { dateSubstitute, type Replacement } from './value-forms.js';

/**
 * The dataset's answers by type, built once per run; `shapes` counts them by type and shape (see
 * {@link shapeKey}), and `chosen` is the substitute a user chose, when a pool row carries one.
 */
export type SubstitutePool = ReadonlyMap<AnswerType, CandidateList> & {
  readonly shapes: ReadonlyMap<string, { readonly count: number; readonly id: string }>;
  readonly chosen: string | undefined;
};

/** Answers longer than this many words are sentences, never drawn as substitutes. */
const MAX_SUBSTITUTE_WORDS = 6;

/** Types each question's first answer, leaving out abstentions, sentences and answers without a letter or digit. */
export function buildSubstitutePool(pool: PoolList): SubstitutePool {
  const byType = new Map<AnswerType, ReturnType<typeof packedCandidates>>();
  const shapes = new Map<string, { count: number; id: string }>();
  let chosen: { answer: string | undefined } | undefined;
  for (let index = 0; index < pool.length; index++) {
    const item = pool.at(index);
    if (item === undefined) continue;
    if (item.chosenSubstitute === true) chosen ??= { answer: item.answers[0] };
    const answer = item.answers[0]?.trim().replace(/[.,;:]+$/u, '');
    // A single letter or digit ("S") is a grade or a label, not a substitute.
    if (answer === undefined || !/[\p{L}\p{N}].*[\p{L}\p{N}]/u.test(answer) || isAbstention(answer)) continue;
    if (answer.split(/\s+/u).length > MAX_SUBSTITUTE_WORDS) continue;
    const { type, evidence } = typeAnswer(answer, item.question ?? '', passageTexts(item.passages));
    const list = byType.get(type) ?? packedCandidates(type);
    list.push({ id: item.id, answer, evidence, asks: whWord(item.question ?? '') });
    byType.set(type, list);
    const key = shapeKey(type, answer);
    const shape = shapes.get(key);
    if (shape === undefined) shapes.set(key, { count: 1, id: item.id });
    else shape.count++;
  }
  return Object.assign(byType, { shapes, chosen: chosen?.answer });
}

/**
 * What a pool substitute must share with the target besides a similar length: type,
 * capitalisation, name-likeness and time-likeness; with its word count, so length is a range.
 */
function shapeKey(type: AnswerType, answer: string, wordCount = words(answer).length): string {
  const flags = [capitalised(answer), looksLikeName(bare(answer)), TIME_LIKE.test(answer)]
    .map(Number)
    .join('');
  return `${type}|${flags}|${wordCount}`;
}

/**
 * Whether another question's answer has the target's shape. When none has, the search in
 * {@link poolSubstitute} would visit every candidate in vain, for every question: quadratic in the
 * dataset (hours at a million questions). Skipping it changes no plan: the search draws nothing else.
 */
function anyOfShape(pool: SubstitutePool, type: AnswerType, target: string, itemId: string): boolean {
  const length = words(target).length;
  const spread = capitalised(target) ? 1 : 2;
  for (let count = Math.max(1, length - spread); count <= length + spread; count++) {
    const shape = pool.shapes.get(shapeKey(type, target, count));
    if (shape !== undefined && (shape.count > 1 || shape.id !== itemId)) return true;
  }
  return false;
}

/** The question's first wh-word: "the executive branch" answers a who, "the Chicago area" a where. */
function whWord(question: string): string {
  return /\b(who|whom|whose|where|when|what|which|why|how)\b/iu.exec(question)?.[1]?.toLowerCase() ?? '';
}

/** Digits or words of time: "the early 20th century", "every five years" are no substitute for "electrical fire". */
const TIME_LIKE =
  /\d|\b(?:centur(?:y|ies)|years?|seasons?|periods?|eras?|decades?|months?|weeks?|days?|times|daily|weekly|monthly|annually|ago)\b/iu;

const PREPOSITION =
  /^(?:in|on|at|near|from|during|till|until|by|after|before|since|for|to|with|under|over|into|within|between|through|around)\b/iu;

const words = (text: string) => text.trim().split(/\s+/u);

/** Titles and texts, as evidence for typing names. */
export function passageTexts(passages: readonly Passage[]): string[] {
  return passages.flatMap((passage) =>
    passage.title === undefined ? [passage.text] : [passage.title, passage.text],
  );
}
/** Capitalised, a leading article or quote aside: "the President" is a name, "the states" is not. */
const capitalised = (text: string) => /^(?:(?:the|a|an) )?["'(]?\p{Lu}/u.test(text);
const bare = (text: string) => text.replace(/^(?:the|a|an) /iu, '');
const latin = (text: string) => /[A-Za-z]/u.test(text);
/** A capitalised word after the first: "rock band Urge Overkill", "the French" carry a name. */
const namesSomething = (text: string) => words(text).slice(1).some(capitalised);

/** "Patrick Walter Brown" -> "Brown": a person's surname, when the name has two or more words. */
function surname(name: string): string | undefined {
  const parts = words(name.replace(/[.,]$/u, ''));
  const last = parts.at(-1);
  return parts.length >= 2 && last !== undefined && last.length >= 3 && capitalised(last) ? last : undefined;
}

/**
 * A same-type answer of another question: similar length and capitalisation, not matching any of
 * this question's answers, absent from its passages. Answers typed by their own words or passages
 * come first; those typed only by their question's wh-form ("where ..." -> "Book of Job") are the
 * fallback.
 */
function poolSubstitute(context: ProbeContext, target: string, type: AnswerType): Substitution | undefined {
  const pool = context.substitutes ?? buildSubstitutePool(context.pool);
  if (!anyOfShape(pool, type, target, context.itemId)) return undefined;
  const candidates = pool.get(type) ?? packedCandidates(type);
  // `other` is a catch-all: an answer to the same kind of question ("who", "where") is likelier the same kind of thing.
  const asks = whWord(context.question ?? '');
  const tiers: ((candidate: SubstituteCandidate) => boolean)[] = [
    ...(type === 'other' ? [(c: SubstituteCandidate) => c.evidence === 'own' && c.asks === asks] : []),
    (c) => c.evidence === 'own',
    (c) => c.evidence === 'question',
  ];
  for (const tier of tiers) {
    const drawn = drawFrom(context, target, type, candidates, tier);
    if (drawn !== undefined) return drawn;
  }
  return undefined;
}

function drawFrom(
  context: ProbeContext,
  target: string,
  type: AnswerType,
  candidates: CandidateList,
  accept: (candidate: SubstituteCandidate) => boolean,
): Substitution | undefined {
  const length = words(target).length;
  for (const candidate of randomOrder(context.rng, candidates)) {
    if (candidate.id === context.itemId || !accept(candidate)) continue;
    // Similar length: names within a word of the target's, phrases within two.
    if (Math.abs(words(candidate.answer).length - length) > (capitalised(target) ? 1 : 2)) continue;
    if (capitalised(candidate.answer) !== capitalised(target) || latin(candidate.answer) !== latin(target))
      continue;
    // A name for a name, a phrase for a phrase, a time for a time, even within `other`.
    if (looksLikeName(bare(candidate.answer)) !== looksLikeName(bare(target))) continue;
    if (!looksLikeName(target) && namesSomething(candidate.answer) !== namesSomething(target)) continue;
    // "till September" for "near Millingen", not for "renewal of hostilities".
    if (PREPOSITION.test(candidate.answer) !== PREPOSITION.test(target)) continue;
    if (TIME_LIKE.test(candidate.answer) !== TIME_LIKE.test(target)) continue;
    if ([target, ...context.answers].some((answer) => context.matcher(candidate.answer, answer))) continue;
    if (context.contains(context.passages, candidate.answer)) continue;
    const replacements: Replacement[] = [{ find: target, replace: candidate.answer }];
    const from = surname(target);
    const to = surname(candidate.answer);
    if (
      type === 'person' &&
      from !== undefined &&
      to !== undefined &&
      from.toLowerCase() !== to.toLowerCase()
    )
      replacements.push({ find: from, replace: to });
    return { substitute: candidate.answer, replacements };
  }
  return undefined;
}

/** "Yes" <-> "No", in the target's case. */
function yesNoSubstitute(target: string): Substitution {
  const flipped = /^yes/iu.test(target) ? 'no' : 'yes';
  const substitute = capitalised(target) ? flipped.charAt(0).toUpperCase() + flipped.slice(1) : flipped;
  return { substitute, replacements: [{ find: target, replace: substitute }] };
}

/**
 * A substitute of the target's type and shape: a nearby plausible year, a date in the same
 * format, a number of the same magnitude, unit and format, the other of yes/no, else another
 * question's answer of the same type. Undefined when there is none.
 */
export function chooseSubstitute(
  context: ProbeContext,
  target: string,
  type: AnswerType,
): Substitution | undefined {
  const occurs = (text: string) => context.contains(context.passages, text);
  const chosen = (context.substitutes ?? buildSubstitutePool(context.pool)).chosen;
  if (chosen !== undefined && !occurs(chosen)) {
    return { substitute: chosen, replacements: [{ find: target, replace: chosen }] };
  }
  const shaped =
    type === 'year'
      ? yearSubstitute(context.rng, target, occurs)
      : type === 'date'
        ? dateSubstitute(context.rng, target)
        : type === 'number'
          ? numberSubstitute(context.rng, target, occurs)
          : type === 'yes/no'
            ? yesNoSubstitute(target)
            : undefined;
  if (shaped !== undefined && !occurs(shaped.substitute)) return shaped;
  return poolSubstitute(context, target, type);
}
