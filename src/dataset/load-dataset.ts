import { InputError } from '../model/errors.js';
import type { Item } from '../model/types.js';
import { at, type JsonLine, typeName } from './jsonl.js';
import { isRecord, parsePassage } from './passages.js';
import { detectRowFormat, type InputFormat, type RowFormat } from './readers/formats.js';
import { parseRagasRow } from './readers/ragas.js';
import { parseRagcheckerRow } from './readers/ragchecker.js';
import { readRows } from './readers/read-rows.js';

function parseAnswers(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new InputError(`${where}: "answers" must be an array of strings (got ${typeName(value)})`);
  return value.map((answer, index) => {
    if (typeof answer !== 'string') {
      throw new InputError(`${where}: "answers[${index}]" must be a string (got ${typeName(answer)})`);
    }
    return answer;
  });
}

/** Deepest nesting of `meta` kept: the report writer (JSON.stringify) recurses once per level. */
export const MAX_META_DEPTH = 64;

/** How deeply a JSON value nests, counted without recursion (a hostile value can nest 100,000 deep). */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const element of Object.values(current)) pending.push([element, depth + 1]);
  }
  return deepest;
}

/**
 * Validates one line of ragseam's own format:
 * `{"id"?, "question", "answers"?: string[], "passages"?: [{id?, title?, text, score?}], "response"?, "meta"?}`.
 * `response` is the stack's logged answer (replay agreement).
 * Other fields are ignored, so logs with extra fields load as they are.
 */
export function parseItem(value: unknown, file: string, line: number): Item {
  const where = at(file, line);
  if (!isRecord(value))
    throw new InputError(`${where}: each line must be a JSON object (got ${typeName(value)})`);
  const { id, question, answers, passages, meta, response } = value;
  if (typeof question !== 'string') {
    throw new InputError(`${where}: "question" must be a string (got ${typeName(question)})`);
  }
  if (question.trim() === '') throw new InputError(`${where}: "question" is empty`);
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
    throw new InputError(`${where}: "id" must be a string (got ${typeName(id)})`);
  }
  if (passages !== undefined && passages !== null && !Array.isArray(passages)) {
    throw new InputError(`${where}: "passages" must be an array (got ${typeName(passages)})`);
  }
  if (response !== undefined && response !== null && typeof response !== 'string') {
    throw new InputError(`${where}: "response" must be a string (got ${typeName(response)})`);
  }
  if (isRecord(meta) && nestingDepth(meta, MAX_META_DEPTH) > MAX_META_DEPTH) {
    throw new InputError(`${where}: "meta" is nested more than ${MAX_META_DEPTH} levels deep`, {
      hint: 'flatten it: meta is copied into the report as it is',
    });
  }
  const itemId = id === undefined ? String(line) : String(id);
  return {
    id: itemId,
    question,
    answers: parseAnswers(answers, where),
    ...(Array.isArray(passages)
      ? {
          passages: passages.map((passage, index) =>
            parsePassage(passage, `${where}: passages[${index}]`, `${itemId}#${index + 1}`),
          ),
        }
      : {}),
    ...(typeof response === 'string' ? { loggedResponse: response } : {}),
    ...(isRecord(meta) ? { meta } : {}),
    line,
  };
}

const ROW_PARSERS = {
  ragseam: parseItem,
  ragas: parseRagasRow,
  ragchecker: parseRagcheckerRow,
} as const satisfies Record<RowFormat, (value: unknown, file: string, line: number) => Item>;

/**
 * Loads and validates a dataset: JSON Lines (plain or .gz) or a .json array, in ragseam's own
 * format, RAGAS or RAGChecker rows (`format`; `auto` decides from the file's shape and first
 * row). Every problem is an {@link InputError} naming file and line; duplicate ids and an empty
 * file are errors too.
 */
export async function loadDataset(file: string, format: InputFormat = 'auto'): Promise<Item[]> {
  const { rows, container } = await readRows(file);
  return collectItems(rows, file, format, container === 'ragchecker');
}

/**
 * Validates rows given in memory (the programmatic API) exactly as a file's lines: row i is
 * "line" i + 1 of `label` in messages.
 */
export function loadRows(
  rows: readonly unknown[],
  label: string,
  format: InputFormat = 'auto',
): Promise<Item[]> {
  return collectItems(
    rows.map((value, index) => ({ line: index + 1, value })),
    label,
    format,
    false,
  );
}

async function collectItems(
  rows: AsyncIterable<JsonLine> | Iterable<JsonLine>,
  file: string,
  format: InputFormat,
  ragcheckerContainer: boolean,
): Promise<Item[]> {
  const items: Item[] = [];
  const lines = new Map<string, number>();
  let parse: ((value: unknown, file: string, line: number) => Item) | undefined =
    format === 'auto' ? (ragcheckerContainer ? ROW_PARSERS.ragchecker : undefined) : ROW_PARSERS[format];
  for await (const { line, value } of rows) {
    parse ??= ROW_PARSERS[detectRowFormat(value)];
    const item = parse(value, file, line);
    const previous = lines.get(item.id);
    if (previous !== undefined) {
      throw new InputError(`${at(file, line)}: "id" ${JSON.stringify(item.id)} repeats line ${previous}`, {
        hint: 'ids must be unique: results are reported and cached by id',
      });
    }
    lines.set(item.id, line);
    items.push(item);
  }
  if (items.length === 0) {
    throw new InputError(`${file}: the dataset has no questions`, { hint: 'an empty dataset has no score' });
  }
  return items;
}
