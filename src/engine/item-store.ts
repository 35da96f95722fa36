import type { AuditOptions } from '../config/audit-options.js';
import { loadRows, streamDataset } from '../dataset/load-dataset.js';
import type { Item, ItemList } from '../model/types.js';
import { openRecordFile } from './record-file.js';

/** The dataset's questions by position; `close` frees what holds them. */
export interface StoredItems extends ItemList {
  close(): void;
}

/**
 * The dataset's questions: rows given in memory stay an array; a file is read as a stream into a
 * temporary file, so a run holds its position and length per question (12 bytes) and reads each
 * question back when it is used.
 */
export async function storeItems(
  source: AuditOptions['source'],
  environment?: Pick<AuditOptions['environment'], 'signal' | 'onNotice'>,
): Promise<StoredItems> {
  if (source.rows !== undefined) {
    const rows = await loadRows(source.rows, source.dataset, source.inputFormat);
    return { length: rows.length, at: (index) => rows[index], close: () => {} };
  }
  const records = openRecordFile<Item>();
  let count = 0;
  try {
    const length = await streamDataset(
      source.dataset,
      source.inputFormat,
      { signal: environment?.signal, onWarning: environment?.onNotice },
      (item) => records.set(count++, item),
    );
    return {
      length,
      at: (index) => (index < length ? records.get(index) : undefined),
      close: () => records.close(),
    };
  } catch (error) {
    records.close();
    throw error;
  }
}
