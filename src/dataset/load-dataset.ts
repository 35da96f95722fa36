import { InputError } from '../model/errors.js';
import type { Item } from '../model/types.js';
import { createIdLines } from './id-lines.js';
import { at, type JsonLine, typeName } from './jsonl.js';
import { isRecord, parsePassage } from './passages.js';
import { passageList } from './readers/fields.js';
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
 * `{"id"?, "question", "answers"?: string[], "passages"?: [{id?, title?, text, score?}], "gold_passages"?,
 * "response"?, "meta"?}`. `response` is the stack's logged answer (replay agreement); `gold_passages`
 * (the shape of `passages`) the evidence known to answer the question.
 * Other fields are ignored, so logs with extra fields load as they are.
 */
export function parseItem(value: unknown, file: string, line: number, defaultId = String(line)): Item {
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
  const itemId = id === undefined ? defaultId : String(id);
  const goldPassages = passageList(value, ['gold_passages'], where, `${itemId}#gold`);
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
    ...(goldPassages === undefined ? {} : { goldPassages }),
    ...(typeof response === 'string' ? { loggedResponse: response } : {}),
    ...(isRecord(meta) ? { meta } : {}),
    line,
  };
}

type RowParser = (value: unknown, file: string, line: number, defaultId?: string) => Item;

/**
 * The format of an `auto` file, decided by its first row; a later row whose keys say it is in
 * another format is refused (its fields would be lost silently).
 */
function checkRowFormat(
  value: unknown,
  chosen: { format: RowFormat; line: number } | undefined,
  file: string,
  line: number,
): { format: RowFormat; line: number } {
  const format = detectRowFormat(value);
  if (chosen === undefined) return { format, line };
  if (format !== chosen.format && (format !== 'ragseam' || hasOwnFormatKeys(value))) {
    throw new InputError(
      `${at(file, line)}: a ${format} row, but ${chosen.line === 0 ? 'the file' : `line ${chosen.line}`} made this a ${chosen.format} file`,
      { hint: 'keep one row format per file, or name it with --input-format' },
    );
  }
  return chosen;
}

function hasOwnFormatKeys(value: unknown): boolean {
  return isRecord(value) && (Object.hasOwn(value, 'passages') || Object.hasOwn(value, 'answers'));
}

/** Whether any string of a row holds U+FFFD (what invalid UTF-8 is decoded to); no recursion. */
function hasReplacementCharacter(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      if (current.includes('\uFFFD')) return true;
    } else if (typeof current === 'object' && current !== null) {
      for (const element of Object.values(current)) pending.push(element);
    }
  }
  return false;
}

const ROW_PARSERS = {
  ragseam: parseItem,
  ragas: parseRagasRow,
  ragchecker: parseRagcheckerRow,
} as const satisfies Record<RowFormat, RowParser>;

/**
 * Loads and validates a dataset: JSON Lines (plain or .gz) or a .json array, in ragseam's own
 * format, RAGAS or RAGChecker rows (`format`; `auto` decides from the file's shape and first
 * row). Every problem is an {@link InputError} naming file and line; duplicate ids and an empty
 * file are errors too.
 */
export async function loadDataset(
  file: string,
  format: InputFormat = 'auto',
  options: LoadOptions = {},
): Promise<Item[]> {
  const items: Item[] = [];
  await streamDataset(file, format, options, (item) => items.push(item));
  return items;
}

/**
 * Loads and validates a dataset as {@link loadDataset} does, giving each question to `add` as it
 * is read instead of holding them; returns how many there were.
 */
export async function streamDataset(
  file: string,
  format: InputFormat,
  options: LoadOptions,
  add: (item: Item) => void,
): Promise<number> {
  const { rows, container } = await readRows(file);
  return collectItems(rows, file, format, container === 'ragchecker', options, add);
}

/** What loading may be told: a signal to stop at (Ctrl-C), and where warnings go. */
export interface LoadOptions {
  readonly signal?: AbortSignal | undefined;
  /** Told of problems that do not stop the load (invalid UTF-8 replaced). */
  readonly onWarning?: ((message: string) => void) | undefined;
}

/**
 * Validates rows given in memory (the programmatic API) exactly as a file's lines: row i is
 * "line" i + 1 of `label` in messages.
 */
export async function loadRows(
  rows: readonly unknown[],
  label: string,
  format: InputFormat = 'auto',
): Promise<Item[]> {
  const items: Item[] = [];
  await collectItems(
    rows.map((value, index) => ({ line: index + 1, value })),
    label,
    format,
    false,
    {},
    (item) => items.push(item),
  );
  return items;
}

async function collectItems(
  rows: AsyncIterable<JsonLine> | Iterable<JsonLine>,
  file: string,
  format: InputFormat,
  ragcheckerContainer: boolean,
  options: LoadOptions,
  add: (item: Item) => void,
): Promise<number> {
  let count = 0;
  const lines = createIdLines();
  let chosen: { format: RowFormat; line: number } | undefined =
    format === 'auto'
      ? ragcheckerContainer
        ? { format: 'ragchecker', line: 0 }
        : undefined
      : { format, line: 0 };
  const replaced: number[] = [];
  for await (const { line, value, defaultId } of rows) {
    // A large file takes a while: Ctrl-C stops it at the next row, not at the end.
    if (options.signal?.aborted) throw options.signal.reason;
    if (format === 'auto') chosen = checkRowFormat(value, chosen, file, line);
    if (options.onWarning !== undefined && hasReplacementCharacter(value)) replaced.push(line);
    const item = ROW_PARSERS[(chosen as { format: RowFormat }).format](value, file, line, defaultId);
    const previous = lines.lineOf(item.id);
    if (previous !== undefined) {
      throw new InputError(`${at(file, line)}: "id" ${JSON.stringify(item.id)} repeats line ${previous}`, {
        hint: 'ids must be unique: results are reported and cached by id',
      });
    }
    lines.add(item.id, line);
    add(item);
    count++;
  }
  if (count === 0) {
    throw new InputError(`${file}: the dataset has no questions`, { hint: 'an empty dataset has no score' });
  }
  if (replaced.length > 0) {
    options.onWarning?.(
      `${at(file, replaced[0] as number)}: the text holds U+FFFD replacement characters (invalid UTF-8 in the file?) on ${replaced.length} line${replaced.length === 1 ? '' : 's'}, the first here; they are kept as they are`,
    );
  }
  return count;
}
