import { InputError } from '../../model/errors.js';
import type { Item } from '../../model/types.js';
import { at, typeName } from '../jsonl.js';
import { isRecord } from '../passages.js';
import { optionalId, optionalString, passageList, requiredString } from './fields.js';

/**
 * One RAGChecker row: `query_id`, `query`, `gt_answer`, `response`,
 * `retrieved_context: [{doc_id, text}]`. The response becomes the item's `loggedResponse`.
 */
export function parseRagcheckerRow(
  value: unknown,
  file: string,
  line: number,
  defaultId = String(line),
): Item {
  const where = at(file, line);
  if (!isRecord(value))
    throw new InputError(`${where}: each row must be a JSON object (got ${typeName(value)})`);
  const question = requiredString(value, ['query'], where);
  const id = optionalId(value, ['query_id', 'id'], where) ?? defaultId;
  const gold = optionalString(value, ['gt_answer'], where);
  const passages = passageList(value, ['retrieved_context'], where, id);
  const loggedResponse = optionalString(value, ['response'], where);
  return {
    id,
    question,
    answers: gold === undefined || gold.trim() === '' ? [] : [gold],
    ...(passages === undefined ? {} : { passages }),
    ...(loggedResponse === undefined ? {} : { loggedResponse }),
    line,
  };
}
