import { InputError } from '../../model/errors.js';
import type { Item } from '../../model/types.js';
import { at, typeName } from '../jsonl.js';
import { isRecord } from '../passages.js';
import { firstKey, optionalId, optionalString, passageList, requiredString } from './fields.js';

function references(row: Record<string, unknown>, where: string): string[] {
  const found = firstKey(row, ['reference', 'ground_truth', 'ground_truths']);
  if (found === undefined) return [];
  if (typeof found.value === 'string') return found.value.trim() === '' ? [] : [found.value];
  if (Array.isArray(found.value) && found.value.every((answer) => typeof answer === 'string'))
    return found.value;
  throw new InputError(
    `${where}: "${found.key}" must be a string or an array of strings (got ${typeName(found.value)})`,
  );
}

/**
 * One RAGAS row: current names `user_input`, `retrieved_contexts`, `response`, `reference`, or the
 * older `question`, `contexts`, `answer`, `ground_truth` / `ground_truths`. The logged response
 * becomes the item's `loggedResponse` (replay agreement); the reference its gold answer;
 * `reference_contexts` its gold passages.
 */
export function parseRagasRow(value: unknown, file: string, line: number): Item {
  const where = at(file, line);
  if (!isRecord(value))
    throw new InputError(`${where}: each row must be a JSON object (got ${typeName(value)})`);
  if (Array.isArray(value.user_input)) {
    throw new InputError(
      `${where}: "user_input" is a list of messages (a multi-turn sample); only single-turn samples can be probed`,
    );
  }
  const question = requiredString(value, ['user_input', 'question'], where);
  const id = optionalId(value, ['id', 'sample_id', 'query_id'], where) ?? String(line);
  const passages = passageList(value, ['retrieved_contexts', 'contexts'], where, id);
  const loggedResponse = optionalString(value, ['response', 'answer'], where);
  const goldPassages = passageList(value, ['reference_contexts'], where, `${id}#gold`);
  return {
    id,
    question,
    answers: references(value, where),
    ...(passages === undefined ? {} : { passages }),
    ...(goldPassages === undefined ? {} : { goldPassages }),
    ...(loggedResponse === undefined ? {} : { loggedResponse }),
    line,
  };
}
