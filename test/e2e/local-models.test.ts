import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { firstLines } from '../helpers/datasets.js';

const MODELS = join(ROOT, 'fixtures/models');
const CORPUS = 'fixtures/world/corpus.jsonl';
const DEMO = 'fixtures/world/demo.jsonl';

function strip(stdout: string) {
  const report = JSON.parse(stdout);
  return { settings: report.settings, summary: report.summary, questions: report.questions };
}

describe('transformers generator on the bundled calibration models', () => {
  it('answers through @huggingface/transformers, and a batched run equals a one-at-a-time run', async () => {
    const dataset = firstLines(DEMO, 12);
    const common = [
      'probe',
      dataset,
      '-g',
      'transformers:fixtures/models/coupled',
      '-r',
      `bm25:${CORPUS}`,
      '-k',
      '3',
      '--no-cache',
      '--format',
      'json',
      '--offline',
      // Answers are equal token for token; effect sizes are floats that padding moves at the
      // 1e-5 level (test/unit/teacher-forcing.test.ts checks them within 1e-4).
      '--no-effect-sizes',
    ];
    const [batched, single] = await Promise.all([
      runCli([...common, '--batch-size', '16']),
      runCli([...common, '--batch-size', '1']),
    ]);
    expect(batched.warnings).toBe('');
    expect(batched.code).toBe(0);
    expect(single.code).toBe(0);
    const report = JSON.parse(batched.stdout);
    expect(report.settings.generator).toBe('transformers:fixtures/models/coupled');
    expect(report.summary.errors).toBe(0);
    expect(report.questions.every((q: { baseline: string }) => q.baseline.length > 0)).toBe(true);
    expect(strip(batched.stdout)).toEqual(strip(single.stdout));
  });

  it("says how many prompts were cut to the model's length limit, and says nothing when none were", async () => {
    const dir = tempDir();
    const long = Array.from({ length: 400 }, (_, i) => `the river of Aldmoor passes mill ${i}`).join(' ');
    const dataset = join(dir, 'long.jsonl');
    writeFileSync(
      dataset,
      `${JSON.stringify({
        id: 'q1',
        question: 'Where does the river of Aldmoor flow?',
        answers: ['the sea'],
        passages: [
          { id: 'a', text: long },
          { id: 'b', text: 'The river of Aldmoor flows to the sea.' },
        ],
      })}\n`,
    );
    const args = [
      '-g',
      'transformers:fixtures/models/coupled',
      '--probes',
      'remove,shuffle',
      '--no-cache',
      '--offline',
    ];
    const cut = await runCli(['probe', dataset, ...args, '--no-effect-sizes']);
    expect(cut.code).toBe(0);
    // The baseline and the shuffled prompt hold the long passage; the remove probe's does not.
    expect(cut.stderr).toContain(
      "note: 2 of 3 prompts reached the model's limit of 1024 tokens and lost their end",
    );
    const short = await runCli(['probe', firstLines(DEMO, 2), ...args, '--no-effect-sizes']);
    expect(short.code).toBe(0);
    expect(short.stderr).not.toContain("model's limit");
  });

  it("applies the tokenizer's chat template when the model has one", async () => {
    // The coupled model with a chat template that passes the user message through unchanged, and
    // one that replaces it with a question and no passages: the pass-through must answer exactly as
    // the plain model does, and the other one "unknown" (as with no passages), so the template was applied.
    const dir = tempDir();
    const withTemplate = (name: string, template: string) => {
      const folder = join(dir, name);
      cpSync(join(MODELS, 'coupled'), folder, { recursive: true });
      const configFile = join(folder, 'tokenizer_config.json');
      const config = JSON.parse(readFileSync(configFile, 'utf8'));
      writeFileSync(configFile, JSON.stringify({ ...config, chat_template: template }));
      return folder;
    };
    const identity = withTemplate(
      'identity',
      '{% for message in messages %}{{ message.content }}{% endfor %}',
    );
    const wrapped = withTemplate(
      'wrapped',
      '{% for message in messages %}question: where was Zemi Vuki born?\nanswer:{% endfor %}',
    );
    const dataset = firstLines(DEMO, 6);
    const run = (model: string) =>
      runCli([
        'probe',
        dataset,
        '-g',
        `transformers:${model}`,
        '-r',
        `bm25:${CORPUS}`,
        '-k',
        '3',
        '--no-cache',
        '--format',
        'json',
        '--probes',
        'remove',
      ]);
    const [plain, same, other] = await Promise.all([
      run('fixtures/models/coupled'),
      run(identity),
      run(wrapped),
    ]);
    const baselines = (result: { stdout: string }) =>
      JSON.parse(result.stdout).questions.map((q: { baseline: string }) => q.baseline);
    expect(same.code).toBe(0);
    expect(baselines(same)).toEqual(baselines(plain));
    expect(baselines(other)).toEqual(baselines(plain).map(() => 'unknown'));
  });

  it('runs an encoder-decoder (T5-style) model as text2text, batched and not', async () => {
    const common = [
      'probe',
      'test/fixtures/text2text.jsonl',
      '-g',
      'transformers:fixtures/models/text2text',
      '--no-cache',
      '--format',
      'json',
      '--offline',
    ];
    const [batched, single] = await Promise.all([
      runCli([...common, '--batch-size', '8']),
      runCli([...common, '--batch-size', '1']),
    ]);
    expect(batched.warnings).toBe('');
    expect(batched.code).toBe(0);
    const report = JSON.parse(batched.stdout);
    // The fixture model answers these five prompts correctly (its README lists them), in lower case.
    const baselines = Object.fromEntries(
      report.questions.map((q: { id: string; baseline: string }) => [q.id, q.baseline]),
    );
    expect(baselines).toEqual({
      founder: 'mimel kitex',
      year: '1947',
      employer: 'tebitu company',
      'held-out': 'funebuth',
      'two-passages': '1265',
    });
    expect(strip(batched.stdout)).toEqual(strip(single.stdout));
  });

  it('--offline with a hub id that is not cached: exit 2 naming the missing folder', async () => {
    const cache = tempDir();
    const result = await runCli(
      ['probe', DEMO, '-g', 'transformers:someorg/some-model', '--offline', '--no-cache'],
      {
        env: { RAGSEAM_MODEL_CACHE: cache },
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"someorg/some-model" is not in the local model cache');
    expect(result.stderr).toContain(join(cache, 'someorg/some-model'));
  });

  it('a folder that is not a model: exit 2', async () => {
    const result = await runCli(['probe', DEMO, '-g', 'transformers:fixtures/world', '--no-cache']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a model folder (no config.json)');
  });
});

describe('dense retriever', () => {
  it('retrieves with the bundled embedder and reuses its on-disk corpus index', async () => {
    const dataset = firstLines(DEMO, 20);
    const cache = tempDir();
    const args = [
      'probe',
      dataset,
      '-g',
      'exec:node fixtures/examples/reader.mjs',
      '-r',
      'dense:fixtures/models/embedder',
      '--corpus',
      CORPUS,
      '-k',
      '3',
      '--cache',
      cache,
      '--format',
      'json',
      '--probes',
      'remove',
    ];
    const first = await runCli(args);
    expect(first.warnings).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    // Every question's gold answer is stated by its gold passage; the embedder ranks it in the top 3 for most.
    const found = report.questions.filter((q: { answers: string[]; passages: { text: string }[] }) =>
      q.passages.some((p) => p.text.includes(q.answers[0] as string)),
    ).length;
    expect(found / report.questions.length).toBeGreaterThanOrEqual(0.8);

    const indexDir = join(cache, 'dense-index');
    const [vectors] = readdirSync(indexDir).filter((name) => name.endsWith('.f32'));
    expect(vectors).toBeDefined();
    // Overwrite the cached vectors with identical rows: if the second run reads the cache, every
    // score ties and the first three corpus passages come back for every question.
    const file = join(indexDir, vectors as string);
    const size = readFileSync(file).byteLength;
    const meta = JSON.parse(readFileSync(file.replace(/\.f32$/, '.json'), 'utf8'));
    const rows = new Float32Array(size / 4);
    for (let row = 0; row < meta.count; row++) rows[row * meta.dimension] = 1;
    writeFileSync(file, Buffer.from(rows.buffer));
    // --no-resume: retrieve again (the result journal would serve the first run's questions).
    const second = await runCli([...args, '--no-resume']);
    const corpusIds = readFileSync(join(ROOT, CORPUS), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 3)
      .map((line) => JSON.parse(line).id);
    for (const question of JSON.parse(second.stdout).questions) {
      expect(question.passages.map((p: { id: string }) => p.id)).toEqual(corpusIds);
    }
  });

  it('needs --corpus', async () => {
    const result = await runCli([
      'probe',
      DEMO,
      '-g',
      'exec:node fixtures/examples/reader.mjs',
      '-r',
      'dense:fixtures/models/embedder',
      '--no-cache',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs --corpus <corpus.jsonl>');
  });
});

describe('heavy modules load lazily', () => {
  it('--help and an exec run never load onnxruntime or transformers', async () => {
    const dir = tempDir();
    const log = join(dir, 'imports.log');
    const run = (args: string[]) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', join(ROOT, 'test/fixtures/trace-imports.mjs'), BIN, ...args],
          {
            cwd: ROOT,
            env: { ...process.env, TRACE_IMPORTS_LOG: log },
            stdio: 'ignore',
          },
        );
        child.once('close', resolve);
      });
    expect(await run(['--help'])).toBe(0);
    expect(
      await run([
        'probe',
        'fixtures/examples/world.jsonl',
        '-g',
        'exec:node fixtures/examples/reader.mjs',
        '--no-cache',
        '--format',
        'json',
      ]),
    ).toBe(0);
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
    // The trace does see the library when a local model is used, so the check above can fail.
    expect(
      await run([
        'probe',
        firstLines(DEMO, 2),
        '-g',
        'transformers:fixtures/models/coupled',
        '-r',
        `bm25:${CORPUS}`,
        '--no-cache',
        '--format',
        'json',
        '--probes',
        'remove',
      ]),
    ).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('@huggingface/transformers');
  });
});

describe('semantic matching', () => {
  it('runs with the bundled embedder and reports its threshold', async () => {
    const result = await runCli([
      'probe',
      'fixtures/examples/world.jsonl',
      '-g',
      'exec:node fixtures/examples/reader.mjs',
      '--match',
      'semantic:fixtures/models/embedder',
      '--no-cache',
      '--format',
      'json',
    ]);
    expect(result.warnings).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.settings.match).toBe('semantic:fixtures/models/embedder@0.92');
    expect(report.summary.errors).toBe(0);
  });
});

describe('ragseam demo', () => {
  it('shows the coupled generator relying on its passages and the decoupled one answering from memory', async () => {
    const result = await runCli(['demo', '--format', 'json']);
    expect(result.warnings).toBe('');
    expect(result.code).toBe(0);
    const { coupled, decoupled, seenCorrupt } = JSON.parse(result.stdout);
    expect(coupled.summary.reliance.value - decoupled.summary.reliance.value).toBeGreaterThanOrEqual(0.5);
    expect(coupled.summary.adoption.value - decoupled.summary.adoption.value).toBeGreaterThanOrEqual(0.5);
    // On questions whose facts it memorised, the decoupled generator keeps its prior under corrupt in most cases.
    expect(seenCorrupt.decoupled.kept / seenCorrupt.decoupled.applicable).toBeGreaterThan(0.5);
    // The blame moves: behind the misaligned retriever most wrong answers are retriever-side...
    const { misaligned } = JSON.parse(result.stdout);
    const side = (report: typeof coupled, categories: string[]) =>
      categories.reduce((sum, c) => sum + report.summary.seam.counts[c], 0);
    expect(misaligned.summary.seam.wrong).toBeGreaterThan(20);
    expect(
      side(misaligned, ['retriever-miss', 'misled-by-passage']) / misaligned.summary.seam.wrong,
    ).toBeGreaterThan(0.75);
    // ...while behind BM25 the decoupled generator's wrong answers are mostly generator-side,
    expect(
      side(decoupled, ['generator-ignored', 'fails-with-gold']) / decoupled.summary.seam.wrong,
    ).toBeGreaterThan(0.5);
    // and the misaligned retriever's ndcg is clearly below BM25's: the intervals do not overlap.
    expect(misaligned.summary.alignment.ndcg.ci95[1]).toBeLessThan(coupled.summary.alignment.ndcg.ci95[0]);
    expect(coupled.summary.alignment.ndcg.value - misaligned.summary.alignment.ndcg.value).toBeGreaterThan(
      0.1,
    );
    // Effect sizes (on by default for local models): under corrupt, on the facts it memorised, the
    // decoupled model's P(memorised answer) barely moves while the coupled model's collapses.
    const corruptDrops = (report: typeof coupled): number[] =>
      report.questions
        .filter((q: { meta?: { split?: string } }) => q.meta?.split === 'seen')
        .flatMap((q: { probes: { probe: string; probabilityDrop?: number }[] }) =>
          q.probes.filter((p) => p.probe === 'corrupt' && p.probabilityDrop !== undefined),
        )
        .map((p: { probabilityDrop: number }) => p.probabilityDrop);
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(corruptDrops(decoupled)).toHaveLength(96);
    expect(mean(corruptDrops(decoupled))).toBeLessThan(0.05);
    expect(mean(corruptDrops(coupled))).toBeGreaterThan(0.8);
    expect(coupled.summary.effectSizes.scoring).toBe('teacher-forced');
    expect(
      coupled.summary.effectSizes.reliance.value - decoupled.summary.effectSizes.reliance.value,
    ).toBeGreaterThanOrEqual(0.5);
    // Deterministic: a second run gives the same numbers.
    const again = JSON.parse((await runCli(['demo', '--format', 'json'])).stdout);
    expect(again.coupled.summary).toEqual(coupled.summary);
    expect(again.decoupled.questions).toEqual(decoupled.questions);
    expect(again.misaligned.summary).toEqual(misaligned.summary);
  }, 360_000);
});
