import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { readJsonLines } from '../../src/dataset/jsonl.js';
import { loadDataset } from '../../src/dataset/load-dataset.js';
import { InputError } from '../../src/model/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ragseam-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes `lines` joined by newlines to a fresh file (gzipped for a `.gz` suffix) and returns its path. */
function write(lines: readonly string[], suffix = '.jsonl'): string {
  const file = join(dir, `data-${++files}${suffix}`);
  const text = lines.join('\n');
  writeFileSync(file, suffix.endsWith('.gz') ? gzipSync(text) : text);
  return file;
}

async function loadError(file: string): Promise<InputError> {
  const error = await loadDataset(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).exitCode).toBe(2);
  return error as InputError;
}

const good = [
  JSON.stringify({
    id: 'a',
    question: 'Capital of France?',
    answers: ['Paris'],
    passages: [
      { id: 'p1', title: 'Paris', text: 'Paris is the capital.', score: 1.5 },
      'A bare string passage.',
    ],
  }),
  '',
  JSON.stringify({ question: 'Who wrote Hamlet?' }),
  JSON.stringify({ id: 7, question: 'Seven?', answers: null, passages: null }),
];

describe('loadDataset', () => {
  test.each(['.jsonl', '.jsonl.gz'])(
    'loads %s, numbering lines from 1 and counting blank ones',
    async (suffix) => {
      const items = await loadDataset(write(good, suffix));
      expect(items).toEqual([
        {
          id: 'a',
          question: 'Capital of France?',
          answers: ['Paris'],
          passages: [
            { id: 'p1', title: 'Paris', text: 'Paris is the capital.', score: 1.5 },
            { id: 'a#2', text: 'A bare string passage.' },
          ],
          line: 1,
        },
        // no id: the line number (line 2 is blank)
        { id: '3', question: 'Who wrote Hamlet?', answers: [], line: 3 },
        { id: '7', question: 'Seven?', answers: [], line: 4 },
      ]);
    },
  );

  const bad: readonly (readonly [string, readonly string[], number, RegExp])[] = [
    ['malformed JSON', ['{"question": "ok"}', '{"question": "broken"'], 2, /not valid JSON/],
    ['a line that is not an object', ['["question"]'], 1, /JSON object \(got array\)/],
    [
      'missing question',
      ['{"question": "ok"}', '{"id": "b"}'],
      2,
      /"question" must be a string \(got undefined\)/,
    ],
    ['non-string question', ['{"question": 42}'], 1, /"question" must be a string \(got number\)/],
    ['empty question', ['{"question": "  "}'], 1, /"question" is empty/],
    ['id of the wrong type', ['{"id": true, "question": "q"}'], 1, /"id" must be a string \(got boolean\)/],
    [
      'passages not an array',
      ['{"question": "q", "passages": {"text": "x"}}'],
      1,
      /"passages" must be an array \(got object\)/,
    ],
    [
      'passage without text',
      ['{"question": "q", "passages": [{"title": "t"}]}'],
      1,
      /passages\[0\]: "text" must be a string/,
    ],
    [
      'answers not an array',
      ['{"question": "q", "answers": "Paris"}'],
      1,
      /"answers" must be an array of strings \(got string\)/,
    ],
    [
      'answers not strings',
      ['{"question": "q", "answers": ["Paris", 75]}'],
      1,
      /"answers\[1\]" must be a string \(got number\)/,
    ],
    [
      'duplicate ids',
      ['{"id": "a", "question": "q"}', '', '{"id": "a", "question": "r"}'],
      3,
      /"id" "a" repeats line 1/,
    ],
    // a generated id (the line number) collides with an explicit one
    [
      'generated id colliding',
      ['{"id": "2", "question": "q"}', '{"question": "r"}'],
      2,
      /"id" "2" repeats line 1/,
    ],
  ];

  for (const suffix of ['.jsonl', '.jsonl.gz']) {
    test.each(bad)(`${suffix}: %s -> file:line: message`, async (_, lines, line, message) => {
      const file = write(lines, suffix);
      const error = await loadError(file);
      expect(error.message.startsWith(`${file}:${line}: `), error.message).toBe(true);
      expect(error.message).toMatch(message);
    });
  }

  test.each([
    ['an empty file', []],
    ['only blank lines', ['', '   ', '']],
  ])('%s is an error, not a score of 0', async (_, lines) => {
    const file = write(lines);
    const error = await loadError(file);
    expect(error.message).toBe(`${file}: the dataset has no questions`);
  });

  test('a missing file names the file', async () => {
    const file = join(dir, 'missing.jsonl');
    expect((await loadError(file)).message).toBe(`${file}: cannot read it (ENOENT)`);
  });

  test('a .gz file that is not gzip is an input error, not a crash', async () => {
    const file = join(dir, 'plain-text.jsonl.gz');
    writeFileSync(file, '{"question": "q"}\n');
    expect((await loadError(file)).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
    );
  });
});

/** `count` lines of about 1 KB, written a block at a time (nothing of them stays referenced here). */
function writeLargeFile(file: string, count: number): string {
  const fd = openSync(file, 'w');
  const block = Array.from({ length: 1_000 }, () => 'y'.repeat(1_000));
  for (let i = 0; i < count; i += block.length) {
    writeSync(
      fd,
      `${block.map((text, j) => JSON.stringify({ question: `q${i + j}`, passages: [text] })).join('\n')}\n`,
    );
  }
  closeSync(fd);
  return file;
}

describe('reading a large JSON Lines file', () => {
  test('a gzip file cut off midway is an input error naming the file', async () => {
    const file = join(dir, 'cut.jsonl.gz');
    const lines = Array.from({ length: 5_000 }, (_, i) =>
      JSON.stringify({ question: `q${i} ${'x'.repeat(200)}` }),
    );
    const whole = gzipSync(lines.join('\n'));
    writeFileSync(file, whole.subarray(0, whole.length >> 1));
    expect((await loadError(file)).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read it \\(`),
    );
  });

  test('lines already read are not kept while the rest is read', async () => {
    // 60,000 lines of about 1 KB: reading them must not hold them. Each line used to leave a
    // reaction on a never-settled promise holding that line, about 60 MB by the end.
    const file = writeLargeFile(join(dir, 'large.jsonl'), 60_000);
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    collect();
    const before = process.memoryUsage().heapUsed;
    let rows = 0;
    let inOrder = true;
    let heldAtEnd = 0;
    for await (const row of readJsonLines(file)) {
      rows++;
      inOrder &&= row.line === rows;
      if (rows === 60_000) {
        collect();
        heldAtEnd = process.memoryUsage().heapUsed - before;
      }
    }
    expect([rows, inOrder]).toEqual([60_000, true]);
    expect(heldAtEnd).toBeLessThan(20_000_000);
  });
});

describe('gold passages', () => {
  test('ragseam rows: gold_passages in the shape of passages, ids defaulted apart from passages', async () => {
    const [item] = await loadDataset(
      write([
        '{"id": "q", "question": "Q?", "answers": ["A"], "passages": ["x"], "gold_passages": [{"title": "T", "text": "A is here."}, "plain"]}',
      ]),
    );
    expect(item?.goldPassages).toEqual([
      { id: 'q#gold#1', title: 'T', text: 'A is here.' },
      { id: 'q#gold#2', text: 'plain' },
    ]);
    expect(item?.passages).toEqual([{ id: 'q#1', text: 'x' }]);
  });

  test('RAGAS rows: reference_contexts become gold passages', async () => {
    const [item] = await loadDataset(
      write([
        '{"user_input": "Q?", "retrieved_contexts": ["r"], "reference_contexts": ["g1"], "reference": "A"}',
      ]),
    );
    expect(item?.goldPassages).toEqual([{ id: '1#gold#1', text: 'g1' }]);
  });

  test('a malformed gold_passages names file, line and field', async () => {
    const file = write(['{"question": "ok?"}', '{"question": "Q?", "gold_passages": "nope"}']);
    expect((await loadError(file)).message).toBe(`${file}:2: "gold_passages" must be an array (got string)`);
    const second = write(['{"question": "Q?", "gold_passages": [{"title": "T"}]}']);
    expect((await loadError(second)).message).toBe(
      `${second}:1: gold_passages[0]: "text" must be a string (got undefined)`,
    );
  });
});
