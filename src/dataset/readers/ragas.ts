import { InputError } from '../../model/errors.js';
import type { Item, Passage } from '../../model/types.js';
import { at, typeName } from '../jsonl.js';
import { isRecord } from '../passages.js';
import { parsePythonList } from './csv.js';
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
export function parseRagasRow(raw: unknown, file: string, line: number, defaultId = String(line)): Item {
  const where = at(file, line);
  if (!isRecord(raw)) throw new InputError(`${where}: each row must be a JSON object (got ${typeName(raw)})`);
  const value = withListCells(raw);
  if (Array.isArray(value.user_input)) {
    throw new InputError(
      `${where}: "user_input" is a list of messages (a multi-turn sample); only single-turn samples can be probed`,
    );
  }
  const question = requiredString(value, ['user_input', 'question'], where);
  const id = optionalId(value, ['id', 'sample_id', 'query_id'], where) ?? defaultId;
  const passages = withContextIds(
    passageList(value, ['retrieved_contexts', 'contexts'], where, id),
    value,
    where,
  );
  const loggedResponse = optionalString(value, ['response', 'answer'], where);
  const goldPassages = passageList(value, ['reference_contexts'], where, `${id}#gold`);
  const meta = metricColumns(value);
  return {
    id,
    question,
    answers: references(value, where),
    ...(passages === undefined ? {} : { passages }),
    ...(goldPassages === undefined ? {} : { goldPassages }),
    ...(loggedResponse === undefined ? {} : { loggedResponse }),
    ...(meta === undefined ? {} : { meta }),
    line,
  };
}

/** Columns RAGAS rows carry that are not scores. */
const RAGAS_FIELDS = new Set([
  'id',
  'sample_id',
  'query_id',
  'user_input',
  'question',
  'retrieved_contexts',
  'contexts',
  'retrieved_context_ids',
  'reference_contexts',
  'reference_context_ids',
  'response',
  'answer',
  'reference',
  'ground_truth',
  'ground_truths',
  'multi_responses',
  'rubrics',
]);

/** A CSV export writes list cells as Python lists (`['a', 'b']`): read them back as lists. */
function withListCells(row: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(row).map(([key, cell]) => {
    if (typeof cell !== 'string' || !cell.trimStart().startsWith('[')) return [key, cell];
    return [key, parsePythonList(cell) ?? cell];
  });
  return Object.fromEntries(entries);
}

/** `retrieved_context_ids`, when present, name the passages in order. */
function withContextIds(
  passages: Passage[] | undefined,
  row: Record<string, unknown>,
  where: string,
): Passage[] | undefined {
  const ids = row.retrieved_context_ids;
  if (passages === undefined || ids === undefined || ids === null) return passages;
  if (!Array.isArray(ids) || ids.length !== passages.length) {
    throw new InputError(
      `${where}: "retrieved_context_ids" must be a list as long as "retrieved_contexts" (${passages.length})`,
    );
  }
  return passages.map((passage, index) => ({ ...passage, id: String(ids[index]) }));
}

/** RAGAS's score columns (faithfulness, context_precision, …) kept as `meta`, numbers as numbers. */
function metricColumns(row: Record<string, unknown>): Record<string, unknown> | undefined {
  const meta: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(row)) {
    if (key === '' || RAGAS_FIELDS.has(key)) continue;
    const number = typeof cell === 'string' && cell.trim() !== '' ? Number(cell) : Number.NaN;
    meta[key] = Number.isFinite(number) ? number : cell;
  }
  return Object.keys(meta).length === 0 ? undefined : meta;
}
