import type { Item, Passage } from '../model/types.js';
import { createPhraseSearch } from '../probes/candidates.js';
import { createBm25Index } from '../retrievers/bm25.js';
import { hasCorpus, type Retriever } from '../retrievers/types.js';

const SHALLOW = 20;

/**
 * Weak gold evidence for questions that have gold answers but no gold passages, when the
 * retriever holds a corpus (bm25, dense): the passage of the corpus ranked highest by BM25 for
 * the question among those containing a gold answer (as the corrupt probe finds phrases). BM25,
 * not the audited retriever, picks it, so a poor retriever does not choose its own gold. Such
 * items are marked `goldInferred`; the report says so. Other items are returned unchanged.
 */
export function withInferredGold(items: readonly Item[], retriever: Retriever): readonly Item[] {
  if (!hasCorpus(retriever)) return items;
  const needing = items.filter((item) => item.goldPassages === undefined && item.answers.length > 0);
  if (needing.length === 0) return items;
  const search = createBm25Index(retriever.corpus);
  const contains = createPhraseSearch();
  const inferred = new Map<string, Item>();
  for (const item of needing) {
    const answers = item.answers.filter((answer) => answer.trim() !== '');
    const holds = (passage: Passage) => answers.some((answer) => contains([passage], answer.trim()));
    // Most questions find their passage near the top: look there before ranking the whole corpus.
    const hit =
      search(item.question, SHALLOW).find(holds) ??
      search(item.question, retriever.corpus.length).find(holds);
    if (hit === undefined) continue;
    const { score: _score, ...passage } = hit;
    inferred.set(item.id, { ...item, goldPassages: [passage], goldInferred: true });
  }
  return items.map((item) => inferred.get(item.id) ?? item);
}
