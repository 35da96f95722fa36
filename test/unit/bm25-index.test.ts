import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/model/types.js';
import { buildBm25Index } from '../../src/retrievers/bm25/build-index.js';
import { BM25_PARAMS } from '../../src/retrievers/bm25/index.js';
import { Tokenizer } from '../../src/retrievers/bm25/tokenizer.js';
import { createRetriever } from '../../src/retrievers/registry.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'fixtures/world/corpus.jsonl');
const DEMO = join(ROOT, 'fixtures/world/demo.jsonl');
const CLAPNQ = join(ROOT, '../shared/data/clapnq-dev/clapnq_dev_answerable.jsonl');

function readLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The retriever as it was before the on-disk index: MiniSearch over the corpus in memory. */
function miniSearchIndex(corpus: readonly Passage[]) {
  const index = new MiniSearch<{ id: number; body: string }>({
    fields: ['body'],
    searchOptions: { bm25: BM25_PARAMS },
  });
  index.addAll(corpus.map((p, id) => ({ id, body: `${p.title ?? ''}\n${p.text}` })));
  return index;
}

function miniSearchTopK(index: MiniSearch, corpus: readonly Passage[], question: string, topK: number) {
  return index
    .search(question)
    .sort((a, b) => b.score - a.score || (a.id as number) - (b.id as number))
    .slice(0, topK)
    .map((hit) => ({ id: (corpus[hit.id as number] as Passage).id, score: hit.score }));
}

async function expectSameAsMiniSearch(corpusFile: string, questions: readonly string[], topK: number) {
  const corpus = readLines(corpusFile) as unknown as Passage[];
  const index = miniSearchIndex(corpus);
  const retriever = await createRetriever(`bm25:${corpusFile}`, { cacheDir: tempDir() });
  try {
    for (const question of questions) {
      const ours = (await retriever.retrieve({ id: 'q', question }, topK)).map((p) => ({
        id: p.id,
        score: p.score,
      }));
      // Equal to the last bit: same ranking, same scores.
      expect(ours, question).toEqual(miniSearchTopK(index, corpus, question, topK));
    }
  } finally {
    await retriever.close?.();
  }
}

describe('bm25 on-disk index', () => {
  it('ranks and scores the world corpus exactly as MiniSearch did, for every demo question', async () => {
    const questions = readLines(DEMO).map((row) => String(row.question));
    expect(questions.length).toBeGreaterThan(100);
    await expectSameAsMiniSearch(CORPUS, questions, 10);
  });

  it.skipIf(!existsSync(CLAPNQ))(
    'ranks real text (ClapNQ passages and questions) as MiniSearch did',
    async () => {
      const rows = readLines(CLAPNQ);
      const dir = tempDir();
      const passages = rows.flatMap((row, r) =>
        (row.passages as { title: string; text: string }[]).map((p, i) => ({ id: `${r}-${i}`, ...p })),
      );
      const corpus = join(dir, 'clapnq-corpus.jsonl');
      writeFileSync(corpus, passages.map((p) => JSON.stringify(p)).join('\n'));
      await expectSameAsMiniSearch(
        corpus,
        rows.slice(0, 60).map((row) => String(row.input)),
        5,
      );
    },
  );

  it('splits text exactly as the Unicode pattern it replaces, on edge cases and random strings', () => {
    const pattern = /[\n\r\p{Z}\p{P}]+/u;
    const tokenizer = new Tokenizer();
    const cases = ['', '.', 'a', '.a', 'a.', '..a..b..', 'Hello, world!', '\tx y\u00a0z\u3000w', 'x$y+z<w'];
    const alphabet = [...'ab.,- \n\r\t\u00a0\u2014\u00e9\u3001Z0😀\u{10100}'];
    let seed = 1;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let j = 0; j < n % 13; j++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      cases.push(text);
    }
    for (const text of cases)
      expect(tokenizer.split(text), JSON.stringify(text)).toEqual(text.split(pattern));
  });

  it('writes the same index whether the postings are sorted in one block or in many', async () => {
    const whole = tempDir();
    const blocks = tempDir();
    await buildBm25Index(CORPUS, whole);
    await buildBm25Index(CORPUS, blocks, 7);
    for (const file of readdirSync(whole)) {
      expect(readFileSync(join(blocks, file)).equals(readFileSync(join(whole, file))), file).toBe(true);
    }
  });

  it('builds the index once and reuses it from the cache on the next run', async () => {
    const cacheDir = tempDir();
    const first = await createRetriever(`bm25:${CORPUS}`, { cacheDir });
    const built = join(cacheDir, 'bm25-index');
    const folders = readdirSync(built);
    expect(folders).toHaveLength(1);
    const meta = join(built, folders[0] as string, 'meta.json');
    const builtAt = statSync(meta).mtimeMs;
    const question = { id: 'q', question: 'Where is Vimuvuth?' };
    const before = await first.retrieve(question, 3);
    await first.close?.();
    const second = await createRetriever(`bm25:${CORPUS}`, { cacheDir });
    expect(await second.retrieve(question, 3)).toEqual(before);
    expect(readdirSync(built)).toEqual(folders);
    expect(statSync(meta).mtimeMs).toBe(builtAt);
    await second.close?.();
  });

  it('removes the folder of a build whose process is gone, and only that one', async () => {
    const cacheDir = tempDir();
    const root = join(cacheDir, 'bm25-index');
    // A pid above the kernel's limit (2^22) never belongs to a live process.
    const abandoned = join(root, `0123.${2 ** 23}.tmp`);
    const running = join(root, `0123.${process.pid}.tmp`);
    mkdirSync(abandoned, { recursive: true });
    mkdirSync(running, { recursive: true });
    const retriever = await createRetriever(`bm25:${CORPUS}`, { cacheDir });
    await retriever.close?.();
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(running)).toBe(true);
  });

  it('builds a new index when the corpus changes', async () => {
    const cacheDir = tempDir();
    const dir = tempDir();
    const corpus = join(dir, 'corpus.jsonl');
    writeFileSync(corpus, `${JSON.stringify({ id: 'a', text: 'The lighthouse is red.' })}\n`);
    const question = { id: 'q', question: 'Which lighthouse is green?' };
    const first = await createRetriever(`bm25:${corpus}`, { cacheDir });
    expect((await first.retrieve(question, 5)).map((p) => p.id)).toEqual(['a']);
    await first.close?.();
    writeFileSync(corpus, `${JSON.stringify({ id: 'b', text: 'The green lighthouse.' })}\n`, { flag: 'a' });
    const second = await createRetriever(`bm25:${corpus}`, { cacheDir });
    expect((await second.retrieve(question, 5)).map((p) => p.id)).toEqual(['b', 'a']);
    await second.close?.();
    expect(readdirSync(join(cacheDir, 'bm25-index'))).toHaveLength(2);
  });

  it('names the file and line of a repeated id or a line that is not JSON, and leaves no index behind', async () => {
    const cacheDir = tempDir();
    const dir = tempDir();
    const repeated = join(dir, 'repeated.jsonl');
    writeFileSync(repeated, '{"id":"a","text":"x"}\n{"id":"b","text":"y"}\n{"id":"a","text":"z"}\n');
    await expect(createRetriever(`bm25:${repeated}`, { cacheDir })).rejects.toThrow(
      `${repeated}:3: "id" "a" repeats line 1`,
    );
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, '{"id":"a","text":"x"}\n{"id":\n');
    await expect(createRetriever(`bm25:${broken}`, { cacheDir })).rejects.toThrow(
      `${broken}:2: not valid JSON`,
    );
    expect(readdirSync(join(cacheDir, 'bm25-index'))).toEqual([]);
  });
});
