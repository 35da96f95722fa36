// The reference for the batching benchmark: a plain greedy loop straight on onnxruntime (the
// session @huggingface/transformers loads, called with `session.run`), with the model's own
// tokenizer and ONNX file. Each prompt is tokenized once; prompts are sorted by token length and decoded 16 at a time; every row
// stays in its batch until the batch ends, as the library does. The session is created with the
// options given (the bench passes ragseam's, so both run the same threads). Timed from loading the
// model to the last decoded answer, and from the loaded model to the last answer, in wall-clock and
// CPU time (all threads of the process).
export async function directGreedyLoop(
  library,
  modelDir,
  prompts,
  { batchSize = 16, maxNewTokens = 32, sessionOptions = {} } = {},
) {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const load = { dtype: 'fp32', local_files_only: true };
  const tokenizer = await library.AutoTokenizer.from_pretrained(modelDir, load);
  const model = await library.AutoModelForCausalLM.from_pretrained(modelDir, {
    ...load,
    session_options: sessionOptions,
  });
  const loaded = performance.now();
  const loadedCpu = process.cpuUsage();
  const session = model.sessions.model;
  const ort = (type, data, dims) => new library.Tensor(type, data, dims).ort_tensor;
  const eos = [model.generation_config?.eos_token_id ?? model.config.eos_token_id].flat();
  const pastInputs = session.inputMetadata.filter((input) => input.name.startsWith('past_key_values.'));

  const ids = prompts.map((prompt) => tokenizer.encode(prompt, { add_special_tokens: false }));
  const order = prompts.map((_, index) => index).sort((a, b) => ids[a].length - ids[b].length || a - b);
  const answers = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    const rows = batch.length;
    let width = Math.max(...batch.map((index) => ids[index].length));
    const tokens = new BigInt64Array(rows * width).fill(BigInt(tokenizer.pad_token_id));
    let mask = new BigInt64Array(rows * width);
    batch.forEach((index, row) => {
      const start = (row + 1) * width - ids[index].length;
      tokens.set(ids[index].map(BigInt), start);
      mask.fill(1n, start, (row + 1) * width);
    });
    const feeds = {
      input_ids: ort('int64', tokens, [rows, width]),
      attention_mask: ort('int64', mask, [rows, width]),
    };
    for (const input of pastInputs)
      feeds[input.name] = ort(
        'float32',
        new Float32Array(0),
        input.shape.map((d, i) => (i === 0 ? rows : typeof d === 'number' ? d : 0)),
      );
    const generated = batch.map(() => []);
    const ended = batch.map(() => false);
    for (let step = 0; step < maxNewTokens && ended.includes(false); step++) {
      const output = await session.run(feeds);
      const [, length, vocab] = output.logits.dims;
      const logits = output.logits.data;
      const next = new BigInt64Array(rows);
      for (let row = 0; row < rows; row++) {
        const offset = (row * length + length - 1) * vocab;
        let best = 0;
        for (let v = 1; v < vocab; v++) if (logits[offset + v] > logits[offset + best]) best = v;
        next[row] = BigInt(best);
        if (eos.includes(best)) ended[row] = true;
        else if (!ended[row]) generated[row].push(best);
      }
      const grown = new BigInt64Array(rows * (width + 1)).fill(1n);
      for (let row = 0; row < rows; row++)
        grown.set(mask.subarray(row * width, (row + 1) * width), row * (width + 1));
      mask = grown;
      width++;
      feeds.input_ids = ort('int64', next, [rows, 1]);
      feeds.attention_mask = ort('int64', mask, [rows, width]);
      for (const input of pastInputs)
        feeds[input.name] = output[input.name.replace('past_key_values.', 'present.')];
    }
    batch.forEach((index, row) => {
      answers[index] = tokenizer.decode(generated[row], { skip_special_tokens: true }).trim();
    });
  }
  const finished = performance.now();
  const cpuSeconds = (since) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e6;
  };
  const result = {
    answers,
    seconds: (finished - started) / 1000,
    decodeSeconds: (finished - loaded) / 1000,
    cpuSeconds: cpuSeconds(startedCpu),
    decodeCpuSeconds: cpuSeconds(loadedCpu),
  };
  await model.dispose();
  return result;
}
