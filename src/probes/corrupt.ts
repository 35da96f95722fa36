import { phraseReplacer } from '../metrics/normalize.js';
import type { Passage } from '../model/types.js';
import { classifyAnswer } from './answer-type.js';
import type { Substitution } from './number-substitute.js';
import { collapseRepeats } from './repeats.js';
import { chooseSubstitute, passageTexts } from './substitute.js';
import type { Probe, ProbeContext } from './types.js';
import type { Replacement } from './value-forms.js';

/** Every whole-token, case-insensitive occurrence of `target` replaced, in titles and texts. */
export function replaceTarget(passages: readonly Passage[], target: string, substitute: string): Passage[] {
  return applyReplacements(passages, [{ find: target, replace: substitute }]);
}

/** Applies replacements in order, each to every title and text. */
export function applyReplacements(
  passages: readonly Passage[],
  replacements: readonly Replacement[],
): Passage[] {
  const replacers = replacements.map(({ find, replace }) => phraseReplacer(find, replace));
  const replaceAll = (text: string) => replacers.reduce((current, replace) => replace(current), text);
  return passages.map((passage) => ({
    ...passage,
    text: replaceAll(passage.text),
    ...(passage.title === undefined ? {} : { title: replaceAll(passage.title) }),
  }));
}

/**
 * The forms of the answer to take out: the substitution's own (the target, a person's surname,
 * digits and words of a number, the other formats of a date), and every gold alias and the
 * baseline when they occur, all put to the substitute. Longest first, so "Patrick Walter Brown"
 * goes whole before "Brown" alone.
 */
function allReplacements(
  context: ProbeContext,
  own: readonly Replacement[],
  substitute: string,
): Replacement[] {
  // An alias that holds the target ("16,801 students") keeps its other words around the substitute.
  const inAlias = phraseReplacer(context.target ?? '', substitute);
  const others = [...context.answers, context.baseline]
    .map((answer) => answer.trim())
    .filter((answer) => answer.split(/\s+/u).length <= 8 && context.contains(context.passages, answer))
    .map((find) => {
      const kept = inAlias(find);
      return { find, replace: kept === find ? substitute : kept };
    });
  const seen = new Set<string>();
  return [...own, ...others]
    .filter(({ find }) => {
      const key = find.toLowerCase();
      if (seen.has(key) || !/[\p{L}\p{N}]/u.test(find)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => b.find.length - a.find.length);
}

/** A substitute drawn for the capitalised gold form, written in lower case when the target is. */
function inTargetCase(
  substitution: Substitution | undefined,
  named: string,
  target: string,
): Substitution | undefined {
  if (substitution === undefined || named === target || target !== target.toLowerCase()) return substitution;
  return {
    substitute: substitution.substitute.toLowerCase(),
    replacements: substitution.replacements.map(({ find, replace }) => ({
      find,
      replace: replace.toLowerCase(),
    })),
  };
}

/**
 * Evidence-altering: every form of the target in the passages replaced by a substitute of the
 * same type and shape. Not applicable when there is no target, no substitute, or when some form
 * of the answer survives the replacement (the reason names it).
 */
export const corruptProbe: Probe = {
  name: 'corrupt',
  family: 'altering',
  plan(context) {
    const { target } = context;
    if (target === undefined) {
      return [
        {
          probe: 'corrupt',
          applicable: false,
          reason: 'neither a gold answer nor the baseline answer occurs in the passages',
        },
      ];
    }
    // "zakux gulund" written in lower case is the gold "Zakux Gulund": typed and matched as the name it is.
    const named =
      context.answers.find((answer) => answer.trim().toLowerCase() === target.toLowerCase())?.trim() ??
      target;
    const answerType = classifyAnswer(named, context.question ?? '', passageTexts(context.passages));
    const substitution = inTargetCase(chooseSubstitute(context, named, answerType), named, target);
    if (substitution === undefined) {
      return [
        {
          probe: 'corrupt',
          applicable: false,
          reason: `no substitute of type ${answerType} found for "${target}"`,
        },
      ];
    }
    const { substitute } = substitution;
    const replacements = allReplacements(context, substitution.replacements, substitute);
    const passages = collapseRepeats(applyReplacements(context.passages, replacements), replacements);
    const survivor = replacements.find(({ find }) => context.contains(passages, find));
    if (survivor !== undefined) {
      return [
        {
          probe: 'corrupt',
          applicable: false,
          reason: `"${survivor.find}" survives the replacement of "${target}" by "${substitute}"`,
        },
      ];
    }
    return [{ probe: 'corrupt', applicable: true, passages, target, substitute, answerType }];
  },
};
