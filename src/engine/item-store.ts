import { createHash } from 'node:crypto';
import type { AuditOptions } from '../config/audit-options.js';
import { loadRows, streamDataset } from '../dataset/load-dataset.js';
import type { Item, ItemList } from '../model/types.js';
import { openRecordFile } from './record-file.js';

/** The dataset's questions by position; `close` frees what holds them. */
export interface StoredItems extends ItemList {
  close(): void;
}

const ID_START = Buffer.from('{"id":"');

/**
 * The id of an encoded item (its first field, as `parseItem` builds it), or undefined when the
 * bytes do not start with it plainly (the caller then parses the whole item).
 */
function idOf(bytes: Buffer): string | undefined {
  if (bytes.length < ID_START.length || bytes.compare(ID_START, 0, ID_START.length, 0, ID_START.length) !== 0)
    return undefined;
  // The string ends at the first quote not escaped by a backslash.
  for (let end = bytes.indexOf(34, ID_START.length); end !== -1; end = bytes.indexOf(34, end + 1)) {
    let slashes = 0;
    while (bytes[end - 1 - slashes] === 92) slashes++;
    if (slashes % 2 === 1) continue;
    const id = JSON.parse(bytes.toString('utf8', ID_START.length - 1, end + 1)) as string;
    // A string starting with NUL is marked in a record: left to the full parse.
    return id.startsWith('\u0000') ? undefined : id;
  }
  return undefined;
}

/**
 * The dataset's questions: rows given in memory stay an array; a file is read as a stream into a
 * temporary file, so a run holds its position and length per question (12 bytes) and reads each
 * question back when it is used. When the run keeps a result journal (a cache folder, resuming),
 * the dataset's digest is computed as it is read (the journal's key), rather than by reading every
 * question back.
 */
export async function storeItems(
  source: AuditOptions['source'],
  environment?: Partial<Pick<AuditOptions['environment'], 'signal' | 'onNotice' | 'cacheDir' | 'resume'>>,
): Promise<StoredItems> {
  if (source.rows !== undefined) {
    const rows = await loadRows(source.rows, source.dataset, source.inputFormat);
    return { length: rows.length, at: (index) => rows[index], close: () => {} };
  }
  const records = openRecordFile<Item>();
  const hash =
    environment?.cacheDir !== undefined && environment.resume !== false ? createHash('sha256') : undefined;
  let count = 0;
  try {
    const length = await streamDataset(
      source.dataset,
      source.inputFormat,
      { signal: environment?.signal, onWarning: environment?.onNotice },
      (item) => {
        const bytes = records.set(count++, item);
        hash?.update(bytes).update('\n');
      },
    );
    return {
      length,
      at: (index) => (index < length ? records.get(index) : undefined),
      idAt: (index) => (index < length ? (records.peek(index, idOf) ?? records.get(index)?.id) : undefined),
      digest: hash?.digest('hex'),
      close: () => records.close(),
    };
  } catch (error) {
    records.close();
    throw error;
  }
}
