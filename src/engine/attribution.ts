import type { PromptPassage } from '../generators/types.js';
import { attributeSentences, type ContextSentence, drawMasks, heldOutCount } from '../metrics/attribution.js';
import { derivedRng } from '../metrics/random.js';
import { splitSentences } from '../metrics/sentences.js';
import type { QuestionAttribution } from '../model/attribution.js';
import type { Passage } from '../model/types.js';
import { type MaskScoringContext, scoreMasks } from './attribution-scoring.js';

/** The run's attribution setting: random masks per question the surrogate is fitted on. */
export interface AttributionRunSettings {
  readonly samples: number;
}

/** One question's attribution plan: its sentences and masks (fitted ones first, then held-out). */
export interface AttributionPlan {
  readonly sentences: readonly ContextSentence[];
  readonly masks: readonly (readonly boolean[])[];
  readonly fitCount: number;
}

/** Every sentence of the passages, in rank then text order. */
export function contextSentences(passages: readonly Passage[]): ContextSentence[] {
  return passages.flatMap((passage, index) =>
    splitSentences(passage.text).map((span) => ({ rank: index + 1, ...span })),
  );
}

/**
 * Plans a question's masks: `samples` to fit on and {@link heldOutCount} held out, each keeping
 * every sentence with probability ½, from an RNG seeded by the run seed and the question id (the
 * same masks in every run, shard and look). Undefined when the passages have no sentence.
 */
export function planAttribution(
  itemId: string,
  passages: readonly Passage[],
  seed: number,
  settings: AttributionRunSettings,
): AttributionPlan | undefined {
  const sentences = contextSentences(passages);
  if (sentences.length === 0) return undefined;
  const total = settings.samples + heldOutCount(settings.samples);
  const masks = drawMasks(derivedRng(seed, itemId, 'attribution'), sentences.length, total);
  return { sentences, masks, fitCount: settings.samples };
}

/**
 * The passages a mask leaves: each passage's kept sentences joined by a space, in rank order; a
 * passage with no sentence kept is left out (its title with it), a passage with no sentence at
 * all (empty text) is kept as it is.
 */
export function maskedPassages(
  passages: readonly Passage[],
  sentences: readonly ContextSentence[],
  mask: readonly boolean[],
): PromptPassage[] {
  return passages.flatMap((passage, index) => {
    const own = sentences.flatMap((sentence, j) => (sentence.rank === index + 1 ? [{ sentence, j }] : []));
    if (own.length === 0) return [passage];
    const kept = own.filter(({ j }) => mask[j] === true).map(({ sentence }) => sentence.text);
    if (kept.length === 0) return [];
    return [
      {
        id: passage.id,
        ...(passage.title === undefined ? {} : { title: passage.title }),
        text: kept.join(' '),
      },
    ];
  });
}

/** Runs a plan: scores every mask, fits the surrogate, measures LDS on the held-out masks. */
export async function runAttribution(
  plan: AttributionPlan,
  question: { readonly question: string; readonly passages: readonly Passage[]; readonly baseline: string },
  context: MaskScoringContext,
  signal?: AbortSignal,
): Promise<QuestionAttribution> {
  const masked = plan.masks.map((mask) => maskedPassages(question.passages, plan.sentences, mask));
  const { scoring, scores } = await scoreMasks(context, question.question, question.baseline, masked, signal);
  return attributeSentences({
    sentences: plan.sentences,
    masks: plan.masks,
    scores,
    fitCount: plan.fitCount,
    scoring,
  });
}
