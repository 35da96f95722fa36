#!/usr/bin/env node
// Embedding a corpus for `dense:`: ragseam's path (the bundled embedder through
// src/retrievers/dense/embed-corpus.ts, chunks of 2,048, batches of 64) against a plain loop
// straight on onnxruntime (the session @huggingface/transformers loads, called with
// `session.run`: the model's tokenizer, batches of 64, mean pooling over the attention mask, unit
// length), interleaved, median of three rounds each. Texts: ClapNQ passages when ../shared/data
// is there (real text, cut to 400 characters), else the world corpus repeated. Prints passages/s (wall and per CPU
// second), the ratio ragseam / direct, and the largest difference between the two vectors.
//   node bench/embedding.mjs [passages=2000]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEmbedder } from '../dist/backends/embedder.js';
import { embedCorpus } from '../dist/retrievers/dense/embed-corpus.js';

const MODEL = join(import.meta.dirname, '../fixtures/models/embedder');
const CLAPNQ = join(import.meta.dirname, '../../shared/data/clapnq-dev/clapnq_dev_answerable.jsonl');
const count = Number(process.argv[2] ?? 2000);
const lines = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
const pool = existsSync(CLAPNQ)
  ? lines(CLAPNQ).flatMap((row) => row.passages.map((p) => `${p.title} ${p.text}`))
  : lines(join(import.meta.dirname, '../fixtures/world/corpus.jsonl')).map((p) => `${p.title} ${p.text}`);
// Cut to 400 characters: the bundled embedder's tokenizer sets no maximum length, and its
// position table stops at 512 tokens, which long ClapNQ passages pass.
const texts = Array.from({ length: count }, (_, i) => pool[i % pool.length].slice(0, 400));

const library = await import('@huggingface/transformers');
const load = { dtype: 'fp32', local_files_only: true };
const tokenizer = await library.AutoTokenizer.from_pretrained(MODEL, load);
const model = await library.AutoModel.from_pretrained(MODEL, load);
const session = model.sessions.model;
const embedder = await loadEmbedder(MODEL, { offline: true });

async function direct() {
  const out = [];
  for (let start = 0; start < texts.length; start += 64) {
    const batch = texts.slice(start, start + 64);
    const encoded = tokenizer(batch, { padding: true, truncation: true });
    const feeds = {
      input_ids: encoded.input_ids.ort_tensor,
      attention_mask: encoded.attention_mask.ort_tensor,
    };
    if (session.inputNames.includes('token_type_ids')) {
      const dims = encoded.input_ids.dims;
      feeds.token_type_ids = new library.Tensor(
        'int64',
        new BigInt64Array(dims[0] * dims[1]),
        dims,
      ).ort_tensor;
    }
    const output = await session.run(feeds);
    const hidden = output.last_hidden_state ?? Object.values(output)[0];
    const [rows, width, dimension] = hidden.dims;
    const mask = encoded.attention_mask.data;
    for (let row = 0; row < rows; row++) {
      const vector = new Float32Array(dimension);
      let tokens = 0;
      for (let t = 0; t < width; t++) {
        if (mask[row * width + t] === 0n) continue;
        tokens++;
        for (let i = 0; i < dimension; i++) vector[i] += hidden.data[(row * width + t) * dimension + i];
      }
      let norm = 0;
      for (let i = 0; i < dimension; i++) norm += (vector[i] / tokens) ** 2;
      for (let i = 0; i < dimension; i++) vector[i] = vector[i] / tokens / Math.sqrt(norm);
      out.push(vector);
    }
  }
  return out;
}

function timed(run) {
  return async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await run();
    const spent = process.cpuUsage(cpu);
    return { result, s: (performance.now() - started) / 1000, cpuS: (spent.user + spent.system) / 1e6 };
  };
}
const runs = { ragseam: [], direct: [] };
let difference = 0;
for (let round = 0; round < 3; round++) {
  const ours = await timed(() => embedCorpus(embedder, texts, undefined))();
  const theirs = await timed(direct)();
  runs.ragseam.push(ours);
  runs.direct.push(theirs);
  theirs.result.forEach((vector, row) => {
    for (let i = 0; i < vector.length; i++) {
      difference = Math.max(difference, Math.abs(vector[i] - ours.result.matrix[row * vector.length + i]));
    }
  });
}
const median = (values) => [...values].sort((a, b) => a - b)[1];
const rate = (name) => count / median(runs[name].map((r) => r.s));
const cpuRate = (name) => count / median(runs[name].map((r) => r.cpuS));
console.log(
  JSON.stringify({
    passages: count,
    text: existsSync(CLAPNQ) ? 'ClapNQ passages' : 'world corpus',
    ragseamPerS: rate('ragseam'),
    ragseamPerCpuS: cpuRate('ragseam'),
    directPerS: rate('direct'),
    directPerCpuS: cpuRate('direct'),
    ratio: rate('ragseam') / rate('direct'),
    ratioCpu: cpuRate('ragseam') / cpuRate('direct'),
    largestDifference: difference,
  }),
);
await embedder.dispose();
