import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddingSettings } from '../../src/backends/embedder.js';
import { createRetriever } from '../../src/retrievers/registry.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'fixtures/world/corpus.jsonl');
const EMBEDDER = join(ROOT, 'fixtures/models/embedder');
const QUESTIONS = readFileSync(join(ROOT, 'fixtures/world/demo.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .slice(0, 40)
  .map((line, i) => ({ id: `q${i}`, question: String((JSON.parse(line) as { question: string }).question) }));

async function answers(spec: string, corpus: string, cacheDir: string, topK = 5) {
  const retriever = await createRetriever(spec, { corpus, cacheDir, offline: true });
  try {
    const out = [];
    for (const q of QUESTIONS) out.push(await retriever.retrieve(q, topK));
    return out;
  } finally {
    await retriever.close?.();
  }
}

const ivfFiles = (cacheDir: string) =>
  readdirSync(join(cacheDir, 'dense-index')).filter((name) => name.includes('.ivf-'));

describe('dense: with the approximate index', () => {
  it('scanning every list returns exactly what ?exact returns, with the bundled embedder', async () => {
    const cacheDir = tempDir();
    const exact = await answers(`dense:${EMBEDDER}?exact`, CORPUS, cacheDir);
    expect(ivfFiles(cacheDir)).toEqual([]);
    expect(await answers(`dense:${EMBEDDER}?lists=16&probes=16`, CORPUS, cacheDir)).toEqual(exact);
  });

  it('builds the index once, reuses it, and builds a new one when the corpus changes', async () => {
    const cacheDir = tempDir();
    const corpus = join(tempDir(), 'corpus.jsonl');
    copyFileSync(CORPUS, corpus);
    const spec = `dense:${EMBEDDER}?lists=9&probes=3`;
    const first = await answers(spec, corpus, cacheDir);
    const [file] = ivfFiles(cacheDir);
    expect(file).toBeDefined();
    const path = join(cacheDir, 'dense-index', file as string);
    const builtAt = statSync(path).mtimeMs;
    expect(await answers(spec, corpus, cacheDir)).toEqual(first);
    expect(statSync(path).mtimeMs).toBe(builtAt);
    // The stored index is what a run reads: rewritten to hold every row in list 0, a question whose
    // probes miss list 0 finds nothing.
    const bytes = readFileSync(path);
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset, 10);
    const everyRowInListZero = Uint32Array.from({ length: 10 }, (_, i) => (i === 0 ? 0 : 250));
    view.set(everyRowInListZero);
    writeFileSync(path, bytes);
    const reused = await answers(spec, corpus, cacheDir);
    expect(reused).not.toEqual(first);
    writeFileSync(corpus, `${JSON.stringify({ id: 'new', text: 'A new passage.' })}\n`, { flag: 'a' });
    await answers(spec, corpus, cacheDir);
    expect(ivfFiles(cacheDir)).toHaveLength(2);
  });
});

describe('the embedder token limit', () => {
  const folderWith = (files: Record<string, unknown>) => {
    const folder = tempDir();
    for (const [name, content] of Object.entries(files))
      writeFileSync(join(folder, name), JSON.stringify(content));
    return { name: folder, local: true, fingerprint: 'f', folder };
  };

  it.each([
    ['positions only (BERT)', { 'config.json': { model_type: 'bert', max_position_embeddings: 512 } }, 512],
    [
      'positions offset by the padding index (RoBERTa)',
      { 'config.json': { model_type: 'roberta', max_position_embeddings: 514 } },
      512,
    ],
    [
      'the export declares fewer than the positions',
      {
        'config.json': { model_type: 'bert', max_position_embeddings: 512 },
        'sentence_bert_config.json': { max_seq_length: 256 },
      },
      256,
    ],
    [
      'the export declares more than the positions',
      {
        'config.json': { model_type: 'bert', max_position_embeddings: 512 },
        'sentence_bert_config.json': { max_seq_length: 1024 },
      },
      512,
    ],
    ['nothing declared', { 'config.json': { model_type: 'bert' } }, undefined],
    ['a limit that is not a positive integer', { 'config.json': { max_position_embeddings: -3 } }, undefined],
  ])('%s', (_name, files, expected) => {
    expect(embeddingSettings(folderWith(files)).maxTokens).toBe(expected);
  });

  it('embeds a passage longer than the model has positions for (cut to them), where it failed in the model', async () => {
    const corpus = join(tempDir(), 'corpus.jsonl');
    const words = Array.from({ length: 700 }, (_, i) => `the harbour of Velmora ${i}`).join(' ');
    writeFileSync(
      corpus,
      `${readFileSync(CORPUS, 'utf8').trimEnd()}\n${JSON.stringify({ id: 'long', title: 'Velmora', text: words })}\n`,
    );
    const retriever = await createRetriever(`dense:${EMBEDDER}?exact`, {
      corpus,
      cacheDir: tempDir(),
      offline: true,
    });
    try {
      const passages = await retriever.retrieve({ id: 'q', question: 'the harbour of Velmora' }, 3);
      expect(passages.map((p) => p.id)).toContain('long');
    } finally {
      await retriever.close?.();
    }
  });
});
