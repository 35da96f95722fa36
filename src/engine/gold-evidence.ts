import type { Item, ItemList, Passage } from '../model/types.js';
import { createPhraseSearch } from '../probes/candidates.js';
import { createBm25Retriever, isBm25Retriever } from '../retrievers/bm25/index.js';
import { hasCorpus, type Retriever } from '../retrievers/types.js';

/** How deep to look for a question's passage, one depth after the other. */
const DEPTHS = [1, 20, Number.MAX_SAFE_INTEGER];

/**
 * Weak gold evidence for questions that have gold answers but no gold passages, when the
 * retriever holds a corpus (bm25, dense): the passage of the corpus ranked highest by BM25 for
 * the question among those containing a gold answer (as the corrupt probe finds phrases). BM25,
 * not the audited retriever, picks it, so a poor retriever does not choose its own gold. Such
 * items are marked `goldInferred`; the report says so. Other items are returned unchanged.
 */
export async function withInferredGold(
  items: ItemList,
  retriever: Retriever,
  cacheDir: string | undefined,
): Promise<ItemList> {
  if (!hasCorpus(retriever)) return items;
  const needs = (item: Item) => item.goldPassages === undefined && item.answers.length > 0;
  let needing = 0;
  for (let index = 0; index < items.length; index++) if (needs(items.at(index) as Item)) needing++;
  if (needing === 0) return items;
  // The corpus's BM25 index: a bm25 retriever is itself one (the same index, not built twice);
  // otherwise one is built, or with a cache reused from it.
  const shared = isBm25Retriever(retriever);
  const bm25 = shared
    ? retriever
    : await createBm25Retriever(retriever.corpusFile, cacheDir === undefined ? {} : { cacheDir });
  try {
    const contains = createPhraseSearch();
    // The gold passage found per position (the items themselves may stay on disk).
    const inferred = new Map<number, Passage>();
    for (let index = 0; index < items.length; index++) {
      const item = items.at(index) as Item;
      if (!needs(item)) continue;
      const answers = item.answers.filter((answer) => answer.trim() !== '');
      const holds = (passage: Passage) => answers.some((answer) => contains([passage], answer.trim()));
      // Most questions find their passage at the top: look there, then a little deeper, before
      // ranking every passage that shares a word with the question (each passage found is read
      // from the index). A top k is the start of the full ranking, so the first passage that
      // holds an answer is the same at every depth that reaches it.
      let hit: (Passage & { readonly score?: number }) | undefined;
      let seen = 0;
      for (const depth of DEPTHS) {
        const ranked = await bm25.retrieve(item, depth);
        hit = ranked.slice(seen).find(holds);
        if (hit !== undefined || ranked.length < depth) break;
        seen = ranked.length;
      }
      if (hit === undefined) continue;
      const { score: _score, ...passage } = hit;
      inferred.set(index, passage);
    }
    const at = (index: number) => {
      const item = items.at(index);
      const gold = inferred.get(index);
      return item === undefined || gold === undefined
        ? item
        : { ...item, goldPassages: [gold], goldInferred: true };
    };
    return Array.isArray(items)
      ? Array.from({ length: items.length }, (_, index) => at(index) as Item)
      : // Ids are unchanged: read as the stored list reads them.
        { length: items.length, at, ...(items.idAt === undefined ? {} : { idAt: items.idAt }) };
  } finally {
    if (!shared) await bm25.close?.();
  }
}
