import { at, readJsonLines } from '../dataset/jsonl.js';
import { parsePassage } from '../dataset/passages.js';
import { InputError } from '../model/errors.js';
import type { Passage } from '../model/types.js';

/** Loads a retrieval corpus: JSON Lines of `{"id", "title"?, "text"}`; ids must be unique. */
export async function loadCorpus(file: string): Promise<Passage[]> {
  const passages: Passage[] = [];
  const seen = new Map<string, number>();
  for await (const { line, value } of readJsonLines(file)) {
    const passage = parsePassage(value, at(file, line), String(line));
    const previous = seen.get(passage.id);
    if (previous !== undefined) {
      throw new InputError(`${at(file, line)}: "id" ${JSON.stringify(passage.id)} repeats line ${previous}`);
    }
    seen.set(passage.id, line);
    passages.push(passage);
  }
  if (passages.length === 0) throw new InputError(`${file}: the corpus has no passages`);
  return passages;
}
