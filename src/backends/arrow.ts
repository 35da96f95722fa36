/**
 * The one module that loads apache-arrow, to read search responses sent as Arrow IPC instead of
 * JSON (LanceDB's table query). An optional peer dependency, imported only when such a response
 * arrives, so no other run ever loads it.
 */
import { UsageError } from '../model/errors.js';

/** The media types of Arrow IPC bodies: the file format and the stream format. */
export const ARROW_MEDIA_TYPES = [
  'application/vnd.apache.arrow.file',
  'application/vnd.apache.arrow.stream',
] as const;

/** The command that installs the Arrow reader next to ragseam. */
export const ARROW_INSTALL = 'npm install apache-arrow';

/** What ragseam uses of apache-arrow: enough of a table to read it row by row. */
interface ArrowTable {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  getChildAt(index: number): { get(row: number): unknown } | null;
}
interface ArrowModule {
  tableFromIPC(bytes: Uint8Array): ArrowTable;
}

async function loadArrow(): Promise<ArrowModule> {
  // A name in a variable: the compiler never resolves the optional package's own types.
  const name = 'apache-arrow';
  try {
    return (await import(name)) as ArrowModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String((error as Error).message).includes(name)) throw error;
    throw new UsageError(
      'the search service answered in Arrow IPC, which needs apache-arrow, not installed',
      {
        hint: `install it beside ragseam: ${ARROW_INSTALL}`,
      },
    );
  }
}

/**
 * A cell as JSON would carry it: 64-bit integers as numbers (as strings past 2^53), lists and
 * vectors as arrays, structs as objects, everything else as it is.
 */
function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, plainValue);
  }
  if (typeof value === 'object' && value !== null && 'toJSON' in value) {
    const json = (value as { toJSON(): unknown }).toJSON();
    if (Array.isArray(json)) return json.map(plainValue);
    if (typeof json === 'object' && json !== null) {
      return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, plainValue(item)]));
    }
    return json;
  }
  return value;
}

/**
 * Reads an Arrow IPC body (file or stream format) as a list of row objects, one per table row,
 * keyed by column name. Bodies with compressed buffers (LZ4, ZSTD) need a codec apache-arrow does
 * not bundle; they are rejected with the library's message.
 */
export async function readArrowRows(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const arrow = await loadArrow();
  const table = arrow.tableFromIPC(bytes);
  const columns = table.schema.fields.map((field, index) => ({
    name: field.name,
    column: table.getChildAt(index),
  }));
  return Array.from({ length: table.numRows }, (_, row) =>
    Object.fromEntries(columns.map(({ name, column }) => [name, plainValue(column?.get(row) ?? null)])),
  );
}
