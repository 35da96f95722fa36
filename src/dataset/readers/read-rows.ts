import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { cannotRead, InputError } from '../../model/errors.js';
import { type JsonLine, readJsonLines, typeName } from '../jsonl.js';
import { type CsvRecord, parseCsv } from './csv.js';
import { arrayElementLines } from './element-lines.js';
import { isLangfuseExport, langfuseRows } from './langfuse.js';
import { isLangsmithExport, langsmithRows } from './langsmith.js';
import { isSpanExport, spanRows } from './spans.js';

/** Rows of a dataset file with their lines, and whether the file itself says which format it is. */
export interface Rows {
  readonly rows: AsyncIterable<JsonLine>;
  /** RAGChecker's `{"results": [...]}` document names its format by its shape. */
  readonly container: 'lines' | 'array' | 'ragchecker';
}

function isJsonDocument(file: string): boolean {
  return /\.json(\.gz)?$/i.test(file);
}

// Rows of a document have no line of their own to name them by: the row number is the default id.
async function* fromArray(values: readonly unknown[], lines: readonly number[]): AsyncGenerator<JsonLine> {
  for (let index = 0; index < values.length; index++)
    yield { line: lines[index] ?? 1, value: values[index], defaultId: String(index + 1) };
}

async function* fromCsv(text: string, file: string): AsyncGenerator<JsonLine> {
  const records = parseCsv(text, file);
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as CsvRecord;
    yield { line: record.line, value: record.cells, defaultId: String(index + 1) };
  }
}

/** Rows of a trace export (OpenInference spans, Langfuse observations, LangSmith runs), one per trace. */
function traceExportRows(document: unknown): Record<string, unknown>[] | undefined {
  if (isSpanExport(document)) return spanRows(document).rows;
  if (isLangfuseExport(document)) return langfuseRows(document).rows;
  if (isLangsmithExport(document)) return langsmithRows(document).rows;
  return undefined;
}

/**
 * Opens a dataset: JSON Lines (any name but `.json` or `.csv`), CSV with a header row, or a `.json` document holding an array of
 * rows or RAGChecker's `{"results": [...]}`; either may be gzipped (`.gz`). Each row keeps the
 * line it starts on, for `file:line` messages.
 */
export async function readRows(file: string): Promise<Rows> {
  const csv = /\.csv(\.gz)?$/i.test(file);
  if (!isJsonDocument(file) && !csv) return { rows: readJsonLines(file), container: 'lines' };
  let text: string;
  try {
    const raw = await readFile(file);
    text = (file.toLowerCase().endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  } catch (error) {
    throw new InputError(cannotRead(file, error));
  }
  if (csv) return { rows: fromCsv(text, file), container: 'array' };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, {
      hint: 'a .json file must hold one JSON document (an array of rows); name JSON Lines files .jsonl',
    });
  }
  const traceRows = traceExportRows(document);
  if (traceRows !== undefined) return { rows: fromArray(traceRows, []), container: 'array' };
  if (Array.isArray(document))
    return { rows: fromArray(document, arrayElementLines(text)), container: 'array' };
  const results = (document as { results?: unknown } | null)?.results;
  if (typeof document === 'object' && document !== null && Array.isArray(results)) {
    return { rows: fromArray(results, arrayElementLines(text, 'results')), container: 'ragchecker' };
  }
  throw new InputError(
    `${file}: expected an array of rows or {"results": [...]} (got ${typeName(document)})`,
  );
}
