import { heldOutCount } from '../metrics/attribution.js';
import type { Matcher } from '../metrics/matcher.js';
import { CHARS_PER_TOKEN, type DryRunEstimate } from '../model/dry-run.js';
import type { Item, ItemList, Passage, ProbeName } from '../model/types.js';
import type { Probe } from '../probes/types.js';
import type { Retriever } from '../retrievers/types.js';
import { type AttributionRunSettings, maskedPassages, planAttribution } from './attribution.js';
import { createPlanner } from './plan.js';
import { answersToPrepare, answersWithBaseline, type QuestionPool, retrievePool } from './question-pool.js';

function promptChars(question: string, passages: readonly Passage[]): number {
  return passages.reduce((sum, p) => sum + p.text.length + (p.title?.length ?? 0), question.length);
}

/**
 * Every 1,000 items, lets the event loop run (so Ctrl-C's handler can), then stops if asked: a
 * dry run over a million questions is long enough to want stopping.
 */
async function stopPoint(index: number, signal: AbortSignal | undefined): Promise<void> {
  if (index % 1000 !== 0) return;
  await new Promise((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw signal.reason;
}

/**
 * Plans every probe of every question the way the runner does (same seeds), with what is known
 * before any generator call. Planning needs the baseline answer only where it can become the
 * corrupt target (no gold answer in the passages) or where a question's pool answer is its
 * baseline (no gold answer, no logged response): there the count is a bound, never a guess.
 * `retriever` undefined assumes top-k passages per question (remote retrievers are not called).
 */
export async function estimateRun(
  items: ItemList,
  settings: {
    topK: number;
    probes: readonly Probe[];
    seed: number;
    attribution?: AttributionRunSettings | undefined;
  },
  retriever: Retriever | undefined,
  matcher: Matcher,
  signal?: AbortSignal,
  /** Count only these questions (a shard); every question still feeds the pool. */
  only?: ReadonlySet<string>,
  /** Characters every prompt adds around the question and passages: the prompt template's text. */
  templateChars = 0,
): Promise<DryRunEstimate> {
  let retrieved = 0;
  let poolComplete = true;
  const questions = await retrievePool(items, 1, async (item) => {
    await stopPoint(retrieved++, signal);
    if (answersWithBaseline(item)) poolComplete = false;
    return retriever === undefined
      ? Array.from(
          { length: settings.topK },
          (_, i) => item.passages?.[i] ?? { id: `${item.id}#${i + 1}`, text: '' },
        )
      : (await retriever.retrieve(item, settings.topK, signal)).slice(0, settings.topK);
  });
  try {
    return await countCalls(questions);
  } finally {
    questions.close();
  }

  async function countCalls(questions: QuestionPool): Promise<DryRunEstimate> {
    const planner = createPlanner(
      questions.pool(() => null),
      settings,
      matcher,
    );
    if (matcher.prepare !== undefined)
      await matcher.prepare(answersToPrepare(planner.pool, [], [], questions.records, () => null));
    const byProbe = new Map<ProbeName | 'baseline' | 'attribution', { min: number; max: number }>();
    const add = (name: ProbeName | 'baseline' | 'attribution', min: number, max: number) => {
      const entry = byProbe.get(name) ?? { min: 0, max: 0 };
      entry.min += min;
      entry.max += max;
      byProbe.set(name, entry);
    };
    let tokensMin = 0;
    let tokensMax = 0;
    let targetUnknown = 0;
    let counted = 0;
    for (let index = 0; index < items.length; index++) {
      const item = items.at(index) as Item;
      if (only !== undefined && !only.has(item.id)) continue;
      await stopPoint(counted++, signal);
      const passages = questions.passages(index);
      add('baseline', 1, 1);
      const baseChars = promptChars(item.question, passages) + templateChars;
      tokensMin += baseChars;
      tokensMax += baseChars;
      const { target, variants } = planner.plan(item, passages, null);
      // Without a gold answer in the passages, the baseline may still become the target.
      const targetOpen = target === undefined && passages.length > 0;
      if (targetOpen) targetUnknown++;
      for (const { variant } of variants) {
        const chars = variant.applicable
          ? promptChars(item.question, variant.passages) + templateChars
          : baseChars;
        let [min, max] = variant.applicable ? [1, 1] : [0, 0];
        if (
          variant.probe === 'corrupt' &&
          !variant.applicable &&
          passages.length > 0 &&
          (targetOpen || !poolComplete)
        )
          max = 1;
        if ((variant.probe === 'swap' || variant.probe === 'distractor') && variant.applicable && targetOpen)
          min = 0;
        if (variant.probe === 'swap' && variant.applicable && !poolComplete) min = 0;
        add(variant.probe, min, max);
        tokensMin += min * chars;
        tokensMax += max * chars;
      }
      if (settings.attribution !== undefined) {
        // The same masks the run draws: their prompts are known exactly.
        const plan = planAttribution(item.id, passages, settings.seed, settings.attribution);
        const masks = plan?.masks ?? [];
        const most =
          retriever === undefined
            ? settings.attribution.samples + heldOutCount(settings.attribution.samples)
            : masks.length;
        add('attribution', masks.length, most);
        for (const mask of masks) {
          const chars = promptChars(item.question, maskedPassages(passages, plan?.sentences ?? [], mask));
          tokensMin += chars + templateChars;
          tokensMax += chars + templateChars;
        }
      }
    }
    const entries = [...byProbe.entries()];
    const calls = entries.reduce((sum, [, b]) => ({ min: sum.min + b.min, max: sum.max + b.max }), {
      min: 0,
      max: 0,
    });
    const notes: string[] = [];
    if (targetUnknown > 0) {
      notes.push(
        `${targetUnknown} questions have no gold answer in their passages: their baseline answer may become the corrupt target, so corrupt, swap and distractor are bounds there`,
      );
    }
    if (!poolComplete)
      notes.push(
        'some questions have neither gold answers nor a logged response: their baselines are pool answers, so swap and corrupt are bounds',
      );
    if (retriever === undefined)
      notes.push(
        `the retriever is remote and was not called: ${settings.topK} passages assumed per question`,
      );
    if (settings.attribution !== undefined && retriever === undefined)
      notes.push(
        'attribution masks depend on the passages: a bound here (0 for a question without a sentence)',
      );
    notes.push('answers already in the cache are not sent again; these counts include them');
    return {
      questions: counted,
      calls,
      byProbe: Object.fromEntries(entries),
      promptTokens: {
        min: Math.ceil(tokensMin / CHARS_PER_TOKEN),
        max: Math.ceil(tokensMax / CHARS_PER_TOKEN),
      },
      retrieved: retriever !== undefined,
      templateTokens: Math.ceil(templateChars / CHARS_PER_TOKEN),
      notes,
    };
  }
}
