#!/usr/bin/env node
// Shared-prefix KV reuse, measured (docs/performance.md): the demo's calls to the coupled model,
// one prompt at a time in the order ragseam issues them, each decoded twice with a plain greedy
// loop on the model's onnxruntime session: from scratch, and from the key/value cache of the
// longest prompt prefix it shares with an earlier prompt of the same question (that prompt's
// cache, cut to the shared length), feeding only the rest. The two are interleaved prompt by
// prompt. Reports the share of prompt tokens served from the cache, both timings, and whether the
// answers and the first step's logits are identical.
import { fileURLToPath } from 'node:url';
import { loadLibrary } from '../dist/backends/transformers.js';
import { recordDemoCalls } from './demo-calls.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAX_NEW_TOKENS = 32;
const library = await loadLibrary({ offline: true });
const { prompts, modelDir } = await recordDemoCalls(ROOT, 'coupled');
const load = { dtype: 'fp32', local_files_only: true };
const tokenizer = await library.AutoTokenizer.from_pretrained(modelDir, load);
const model = await library.AutoModelForCausalLM.from_pretrained(modelDir, load);
const session = model.sessions.model;
const eos = [model.generation_config?.eos_token_id ?? model.config.eos_token_id].flat();
const tensor = (type, data, dims) => new library.Tensor(type, data, dims).ort_tensor;
const caches = session.inputMetadata.filter((input) => input.name.startsWith('past_key_values.'));
const present = (name) => name.replace('past_key_values.', 'present.');

/** Greedy decoding of `row` after a cache of `pastLength` tokens; returns tokens, cache, logits. */
async function decode(row, past, pastLength) {
  const feeds = { ...past };
  let input = row;
  let total = pastLength;
  const tokens = [];
  let prefill;
  let firstLogits;
  for (let step = 0; step < MAX_NEW_TOKENS; step++) {
    total += input.length;
    feeds.input_ids = tensor('int64', BigInt64Array.from(input, BigInt), [1, input.length]);
    feeds.attention_mask = tensor('int64', new BigInt64Array(total).fill(1n), [1, total]);
    const output = await session.run(feeds);
    const vocab = output.logits.dims[2];
    const logits = output.logits.data.subarray((input.length - 1) * vocab, input.length * vocab);
    if (step === 0) {
      prefill = output;
      firstLogits = logits.slice();
    }
    let best = 0;
    for (let v = 1; v < vocab; v++) if (logits[v] > logits[best]) best = v;
    if (eos.includes(best)) break;
    tokens.push(best);
    for (const input of caches) feeds[input.name] = output[present(input.name)];
    input = [best];
  }
  return { tokens, prefill, firstLogits };
}

/** The first `length` positions of a [1, heads, positions, head_dim] cache tensor. */
function cut(cache, length) {
  const [, heads, positions, size] = cache.dims;
  const data = new Float32Array(heads * length * size);
  for (let head = 0; head < heads; head++)
    data.set(
      cache.data.subarray(head * positions * size, (head * positions + length) * size),
      head * length * size,
    );
  return tensor('float32', data, [1, heads, length, size]);
}

const empty = Object.fromEntries(
  caches.map((input) => [
    input.name,
    tensor(
      'float32',
      new Float32Array(0),
      input.shape.map((d, i) => (i === 0 ? 1 : typeof d === 'number' ? d : 0)),
    ),
  ]),
);
const earlier = new Map();
const time = { scratch: 0, reuse: 0 };
let tokens = 0;
let reused = 0;
let differentAnswers = 0;
let differentLogits = 0;
for (const [index, prompt] of prompts.entries()) {
  const row = tokenizer.encode(prompt, { add_special_tokens: false });
  const question = prompt.slice(prompt.lastIndexOf('question: '));
  const seen = earlier.get(question) ?? [];
  let shared = 0;
  let source;
  for (const entry of seen) {
    let length = 0;
    while (length < row.length - 1 && entry.row[length] === row[length]) length++;
    if (length > shared) [shared, source] = [length, entry];
  }
  const runs = {
    scratch: () => decode(row, empty, 0),
    reuse: () => {
      if (source === undefined) return decode(row, empty, 0);
      const past = Object.fromEntries(
        caches.map((input) => [input.name, cut(source.prefill[present(input.name)], shared)]),
      );
      return decode(row.slice(shared), past, shared);
    },
  };
  const results = {};
  for (const name of index % 2 === 0 ? ['scratch', 'reuse'] : ['reuse', 'scratch']) {
    const started = performance.now();
    results[name] = await runs[name]();
    time[name] += performance.now() - started;
  }
  tokens += row.length;
  reused += shared;
  if (results.scratch.tokens.join() !== results.reuse.tokens.join()) differentAnswers++;
  if (results.scratch.firstLogits.some((value, v) => value !== results.reuse.firstLogits[v]))
    differentLogits++;
  seen.push({ row, prefill: results.scratch.prefill });
  earlier.set(question, seen);
}
await model.dispose();
console.log(`coupled calibration model, the demo's ${prompts.length} calls, one prompt per model call`);
console.log(
  `prompt tokens served from an earlier prompt's cache: ${reused} of ${tokens} (${((100 * reused) / tokens).toFixed(1)}%)`,
);
console.log(
  `decoding from scratch: ${Math.round(time.scratch)} ms; reusing the shared prefix: ${Math.round(time.reuse)} ms (${(time.scratch / time.reuse).toFixed(2)}x)`,
);
console.log(
  `answers that differ: ${differentAnswers}; prompts whose first-step logits differ in any bit: ${differentLogits}`,
);
