import { InputError } from '../../model/errors.js';

/** One CSV record: its cells by header name, and the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: Record<string, string>;
}

/**
 * Parses RFC 4180 CSV (what pandas' `to_csv` writes): comma-separated, fields in double quotes may
 * hold commas, newlines and doubled quotes. The first record is the header. A quote left open is
 * an error naming the line it opened on.
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    recordLine = line;
  };
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char === '\n') line++;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n') endRecord();
    else if (char !== '\r') field += char;
  }
  if (quoted) throw new InputError(`${file}:${quoteLine}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  const [header, ...rows] = records;
  if (header === undefined) return [];
  return rows.map(({ line: at, fields: values }) => {
    if (values.length !== header.fields.length) {
      throw new InputError(
        `${file}:${at}: ${values.length} fields, but the header has ${header.fields.length}`,
      );
    }
    return {
      line: at,
      cells: Object.fromEntries(header.fields.map((name, index) => [name, values[index] ?? ''])),
    };
  });
}

/**
 * A list written by Python (`str(list)`, as pandas writes list cells): `['a', "b's"]`, or JSON.
 * Returns undefined when `text` is not such a list.
 */
export function parsePythonList(text: string): unknown[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown[];
  } catch {
    // Not JSON: read Python string literals.
  }
  const items: string[] = [];
  let i = 1;
  const skipSpace = () => {
    while (i < trimmed.length && /[\s,]/.test(trimmed[i] as string)) i++;
  };
  skipSpace();
  while (i < trimmed.length - 1) {
    const quote = trimmed[i];
    if (quote !== "'" && quote !== '"') return undefined;
    let value = '';
    i++;
    while (i < trimmed.length && trimmed[i] !== quote) {
      if (trimmed[i] === '\\') {
        const next = trimmed[i + 1] ?? '';
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        i += 2;
      } else value += trimmed[i++];
    }
    if (trimmed[i] !== quote) return undefined;
    items.push(value);
    i++;
    skipSpace();
  }
  return items;
}
