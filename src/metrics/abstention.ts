/**
 * Recognises answers that decline to answer ("The passage does not say.", "I cannot find this in
 * the context.", "Sorry, I don't know."): a classifier of refusal families, not a list of
 * strings. docs/metrics.md lists the families; test/unit/abstention.test.ts holds the phrasings
 * it was built and measured on, and the real answers it must leave alone ("None", "A").
 */

import { memo } from './memo.js';

/** Lower case, diacritics and curly quotes folded, "n't" spelled out, punctuation spaced out. */
function foldForAbstention(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/gu, "'")
    .replace(/\bcan't\b/gu, 'cannot')
    .replace(/\bwon't\b/gu, 'will not')
    .replace(/n't\b/gu, ' not')
    .replace(/'m\b/gu, ' am')
    .replace(/'s\b/gu, ' is')
    .replace(/\bcan not\b/gu, 'cannot')
    .replace(/[^\p{L}\p{N}/]+/gu, ' ')
    .trim();
}

/** Whole answers that are abstentions on their own (after folding). */
const WHOLE = new Set([
  'unknown',
  'unanswerable',
  'not answerable',
  'no answer',
  'no answer found',
  'n/a',
  'na',
  'not applicable',
  'no idea',
  'not sure',
  'unsure',
  'unclear',
  'uncertain',
  'unspecified',
  'not specified',
  'not mentioned',
  'not stated',
  'not provided',
  'not given',
  'not available',
  'not known',
  'not found',
  'not clear',
  'no information',
  'no data',
  'no relevant information',
  'none of passages',
  'insufficient information',
  'insufficient context',
  'insufficient evidence',
  'not enough information',
  'not enough context',
  'cannot answer',
  'cannot say',
  'cannot tell',
  'cannot be determined',
  'cannot be answered',
  'cannot determine',
  'dont know',
  'do not know',
  'idk',
  'pass',
]);

const SOURCE = String.raw`(?:passages?|context|contexts|documents?|docs?|texts?|articles?|excerpts?|sources?|information|evidence|paragraphs?|snippets?|materials?|provided|given|retrieved|data|search results?)`;
const SAY = String.raw`(?:say|says|said|mention|mentions|mentioned|specify|specifies|specified|state|states|stated|provide|provides|provided|contain|contains|include|includes|indicate|indicates|give|gives|address|addresses|discuss|discusses|tell|tells|answer|answers|list|lists|cover|covers|offer|offers|identify|identifies|clarify|clarifies)`;

/** Refusal families; each is searched in the folded answer. */
const FAMILIES: readonly RegExp[] = [
  // "I don't know", "I do not know", "we do not know", "nobody knows" is left alone
  // "I don't know" ends the answer or goes on about the answer, not "I Don't Know How to Love Him"
  /\b(?:i|we) (?:do not|dont|really do not) know(?:$| (?:the|this|that|what|which|who|whom|when|where|why|whether|if|from|based|for|about|enough|it|any|of|anything|exactly|for sure))/u,
  /\b(?:i am|im) (?:not sure|unsure|not certain|uncertain|unable|not able)\b/u,
  /^(?:i am |im )?(?:sorry|apologies)(?: but)? (?:i|the|there|this|that|it|we|no|not|unfortunately)\b/u,
  /\bi apologi[sz]e\b/u,
  // "<the passage> does not say / mention / specify ..."
  new RegExp(
    String.raw`\b(?:${SOURCE}|it|they|this|that|question|which) (?:also |simply |really )?(?:does|do|did) not (?:explicitly |directly |clearly |actually |specifically )?${SAY}\b`,
    'u',
  ),
  /\bno (?:mention|information|indication|details?|data|answer|reference|record|evidence) (?:is |was )?(?:of|about|on|regarding|given|provided|available|found|in|to|for)\b/u,
  // "I cannot find / answer / determine", "it cannot be determined", "unable to answer"
  /(?:^|\b(?:i|we|it|this|that|answer|question|which|information|one)(?: am| is| was| still| really| simply)? )(?:cannot|could not|couldnt|cant|unable to|not able to|impossible to|not possible to|no way to) (?:be )?(?:find|found|answer|answered|determine|determined|tell|say|provide|identify|identified|confirm|locate|infer|inferred|know|known|ascertain|ascertained|verify|verified|give|deduce|deduced|establish|established|extract|extracted|specify|specified)\b/u,
  /\bnot (?:explicitly |directly |clearly |specifically )?(?:mentioned|specified|stated|provided|given|listed|indicated|discussed|addressed|covered|answered)\b/u,
  new RegExp(
    String.raw`\bnot (?:explicitly |directly |clearly )?(?:found|present|contained|included|available|known|clear|identified) (?:in|within|from|by) (?:the |these |this |any of the )?${SOURCE}\b`,
    'u',
  ),
  /\b(?:not|no|insufficient|inadequate|lack of|lacks?|lacking|missing|without) (?:have |has |contain |contains |provide |provides |give |gives )?(?:enough |sufficient |adequate |any |the |relevant |specific |further |more )*(?:information|context|detail|details|data|evidence|facts|knowledge)\b/u,
  new RegExp(
    String.raw`\b(?:not|nothing|isnt|is not|nowhere) (?:in|within|from|about this in) (?:the |these |this |any of the |my )?${SOURCE}\b`,
    'u',
  ),
  new RegExp(String.raw`\b(?:none of|neither of) (?:the |these )?${SOURCE}\b`, 'u'),
  /\b(?:question is |question cannot be |is )?(?:unanswerable|not answerable)\b/u,
  /\banswer (?:is|remains) (?:unknown|unclear|not known|not clear|not available|not provided|uncertain)\b/u,
  /\b(?:there is|there are|i have|i found|i see|i could find|i can find) no (?:answer|mention|information|data|record|details?|reference|evidence)\b/u,
];

/** Words that, after a refusal, introduce an answer anyway ("... does not say, but it is Paris"). */
const HEDGE =
  /\b(?:but|however|although|though) (?:it |the answer |this |that |they |he |she )?(?:is|was|are|were|likely|probably|may|might|could|would|suggests?|implies|appears|seems)\b/u;

/**
 * True when the answer declines to answer: empty, a whole-answer abstention ("Unknown.", "N/A",
 * "Not specified."), or a sentence with a refusal family in it and no answer given anyway.
 * Short real answers that happen to be words like "None" or "A" are not abstentions.
 */
export const isAbstention: (answer: string) => boolean = memo(classify);

/** {@link isAbstention} itself; runs classify the same answers many times, so it is memoised. */
function classify(answer: string): boolean {
  const folded = foldForAbstention(answer);
  if (folded === '' || !/[\p{L}\p{N}]/u.test(folded)) return true;
  const bare = folded.replace(/^(?:the |answer is |answer |response |final answer )+/u, '');
  if (WHOLE.has(bare) || WHOLE.has(folded)) return true;
  if (!FAMILIES.some((family) => family.test(folded))) return false;
  return !HEDGE.test(folded);
}
