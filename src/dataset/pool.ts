import { InputError } from '../model/errors.js';
import type { Item } from '../model/types.js';
import { at } from './jsonl.js';
import { loadDataset } from './load-dataset.js';
import { isRecord, parsePassage } from './passages.js';
import { readRows } from './readers/read-rows.js';

/** At most this many pool rows are used: enough material for swap, distractor and corrupt. */
export const POOL_LIMIT = 200;

/**
 * The other questions a single inspected question draws swap passages, distractors and corrupt
 * substitutes from. `file` is a dataset (rows with a question: they join as they are) or a corpus
 * (`{"id", "title"?, "text"}` lines: each passage joins as a row whose answer is its title, so
 * titles are the substitutes). `substitute`, when given, becomes every pool row's answer, so the
 * corrupt probe plants exactly it.
 */
export async function loadPool(file: string, substitute: string | undefined): Promise<Item[]> {
  const { rows } = await readRows(file);
  let first: unknown;
  for await (const { value } of rows) {
    first = value;
    break;
  }
  if (first === undefined) throw new InputError(`${file}: the pool is empty`);
  const isCorpus =
    isRecord(first) && typeof first.text === 'string' && !('question' in first) && !('user_input' in first);
  const items = isCorpus ? await corpusRows(file) : (await loadDataset(file)).slice(0, POOL_LIMIT);
  const pool = items.map((item) => ({ ...item, id: `pool:${item.id}` }));
  return substitute === undefined
    ? pool
    : pool.map((item) => ({
        ...item,
        answers: [substitute],
        meta: { ...item.meta, chosenSubstitute: true },
      }));
}

async function corpusRows(file: string): Promise<Item[]> {
  const items: Item[] = [];
  for await (const { line, value } of (await readRows(file)).rows) {
    if (items.length >= POOL_LIMIT) break;
    const passage = parsePassage(value, at(file, line), String(line));
    items.push({
      id: passage.id,
      question: passage.title ?? passage.text.slice(0, 80),
      answers: passage.title === undefined ? [] : [passage.title],
      passages: [passage],
      line,
    });
  }
  return items;
}

/** The pool row that carries only a substitute, when there is no pool file. */
export function substituteRow(substitute: string): Item {
  return {
    id: 'pool:substitute',
    question: substitute,
    answers: [substitute],
    passages: [],
    meta: { chosenSubstitute: true },
    line: 0,
  };
}
