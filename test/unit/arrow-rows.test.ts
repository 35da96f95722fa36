import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Field,
  FixedSizeList,
  Float32,
  Int64,
  makeData,
  makeVector,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readArrowRows } from '../../src/backends/arrow.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('readArrowRows: Arrow IPC search responses as row objects', () => {
  it('reads the IPC file LanceDB 0.31.0 wrote for a full-text query over the world corpus', async () => {
    // test/fixtures/lancedb-fts-world.arrow: LanceDB's own answer (its Rust writer) to
    // search('Where was Vimuvuth founded?', 'fts').select(['passage_id', 'title', 'text', '_score']).limit(3)
    // on a table of fixtures/world/corpus.jsonl with a full-text index on text.
    const bytes = readFileSync(join(ROOT, 'test/fixtures/lancedb-fts-world.arrow'));
    expect(bytes.subarray(0, 6).toString()).toBe('ARROW1');
    const corpus = new Map(
      readFileSync(join(ROOT, 'fixtures/world/corpus.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; title: string; text: string })
        .map((p) => [p.id, p]),
    );
    const rows = await readArrowRows(bytes);
    expect(rows.map((row) => row.passage_id)).toEqual([
      'city-vimuvuth',
      'person-runafix-kitex',
      'person-fapen-bute',
    ]);
    for (const row of rows) {
      const passage = corpus.get(String(row.passage_id));
      expect(Object.keys(row)).toEqual(['passage_id', 'title', 'text', '_score']);
      expect(row.title).toBe(passage?.title);
      expect(row.text).toBe(passage?.text);
      expect(typeof row._score).toBe('number');
      expect(Math.fround(row._score as number)).toBe(row._score);
    }
    // The scores LanceDB's own client read from the same bytes.
    expect(rows.map((row) => row._score)).toEqual([7.801079750061035, 3.772981643676758, 3.772981643676758]);
  });

  it('turns 64-bit integers, nulls and vectors into JSON values, in the stream format too', async () => {
    const values = makeData({ type: new Float32(), length: 4, data: Float32Array.of(0.5, 1, -2, 0) });
    const table = new Table({
      id: makeVector(BigInt64Array.of(7n, 2n ** 60n)),
      text: vectorFromArray(['first', null], new Utf8()),
      vector: makeVector(
        makeData({
          type: new FixedSizeList(2, new Field('item', new Float32(), true)),
          length: 2,
          child: values,
        }),
      ),
    });
    expect(table.schema.fields[0]?.type).toBeInstanceOf(Int64);
    const expected = [
      { id: 7, text: 'first', vector: [0.5, 1] },
      { id: String(2n ** 60n), text: null, vector: [-2, 0] },
    ];
    expect(await readArrowRows(tableToIPC(table, 'stream'))).toEqual(expected);
    expect(await readArrowRows(tableToIPC(table, 'file'))).toEqual(expected);
    expect(JSON.parse(JSON.stringify(expected))).toEqual(expected);
  });

  it('throws on bytes that are not Arrow IPC', async () => {
    await expect(readArrowRows(new TextEncoder().encode('{"rows": []}'))).rejects.toThrow();
  });
});
