import { spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { firstLines, writeStationDataset } from '../helpers/datasets.js';

const WORLD = 'fixtures/examples/world.jsonl';
const DEMO = 'fixtures/world/demo.jsonl';
const FAULTY = 'exec:node test/fixtures/faulty-reader.mjs';
const READER = 'exec:node fixtures/examples/reader.mjs';

interface Run {
  liveCalls: number;
  cacheHits: number;
  resumed?: number;
  scoring?: { liveCalls: number; cacheHits: number };
}

/** Everything of a report but its `run` section (timings and call counts). */
function numbers(text: string): unknown {
  const { run: _run, ...rest } = JSON.parse(text) as { run: Run };
  return rest;
}

const runOf = (text: string) => (JSON.parse(text) as { run: Run }).run;

function requestsIn(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

function journalOf(cache: string): string {
  const names = readdirSync(cache).filter((name) => name.startsWith('results-'));
  expect(names).toHaveLength(1);
  return join(cache, names[0] as string);
}

describe('the result journal', () => {
  it('a completed run resumed makes no generator call and gives the same report; --no-resume and --dry-run', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const args = ['probe', WORLD, '-g', FAULTY, '--cache', cache, '--format', 'json'];
    const first = await runCli(args, { env: { READER_LOG: join(dir, 'first.log') } });
    expect(first.code).toBe(0);
    expect(first.warnings).toBe('');
    expect(runOf(first.stdout).resumed).toBeUndefined();

    const secondLog = join(dir, 'second.log');
    const second = await runCli(args, { env: { READER_LOG: secondLog } });
    expect(second.code).toBe(0);
    expect(requestsIn(secondLog)).toEqual([]);
    expect(numbers(second.stdout)).toEqual(numbers(first.stdout));
    expect(runOf(second.stdout)).toMatchObject({ liveCalls: 0, cacheHits: 0, resumed: 8 });
    expect(second.warnings).toMatch(
      /^note: 8 of 8 questions came from the result journal \S+results-\w+-\w+\.jsonl, written .* UTC; if the generator has changed since, run with --cache-salt <text> or --no-resume$/,
    );

    // --no-resume runs every question again, answering from the cache.
    const again = await runCli([...args, '--no-resume'], { env: { READER_LOG: join(dir, 'again.log') } });
    expect(numbers(again.stdout)).toEqual(numbers(first.stdout));
    expect(runOf(again.stdout).resumed).toBeUndefined();
    expect(runOf(again.stdout).cacheHits).toBe(runOf(first.stdout).liveCalls + runOf(first.stdout).cacheHits);

    const dry = await runCli([...args.slice(0, -2), '--dry-run']);
    expect(dry.stdout).toContain('result journal: 8 of 8 questions already scored');
    const dryJson = await runCli([...args, '--dry-run']);
    expect(JSON.parse(dryJson.stdout).journaled).toBe(8);
    const dryFresh = await runCli(['probe', WORLD, '-g', FAULTY, '--cache', join(dir, 'other'), '--dry-run']);
    expect(dryFresh.stdout).not.toContain('result journal');
  });

  it('a completed run resumed gates on per-question units (read back from the journal) as the live run did', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const gates = [
      '--fail-under',
      'topPassageUse=0.99',
      '--max',
      'deadPassageRate=0.01',
      '--gate-on',
      'lower-bound',
    ];
    const args = ['probe', WORLD, '-g', READER, '--cache', cache, '--format', 'json', ...gates];
    const first = await runCli(args);
    const second = await runCli(args);
    expect(runOf(second.stdout)).toMatchObject({ liveCalls: 0, resumed: 8 });
    expect(second.code).toBe(first.code);
    const gated = (text: string) =>
      (JSON.parse(text) as { gates: { metric: string; ci95: [number, number] | null }[] }).gates;
    expect(gated(first.stdout).map((gate) => gate.metric)).toEqual(['topPassageUse', 'deadPassageRate']);
    for (const gate of gated(first.stdout)) expect(gate.ci95).not.toBeNull();
    expect(numbers(second.stdout)).toEqual(numbers(first.stdout));
  });

  it('a changed dataset line, setting or generator is not served from the journal', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const dataset = join(dir, 'world.jsonl');
    const lines = readFileSync(join(ROOT, WORLD), 'utf8').trimEnd().split('\n');
    writeFileSync(dataset, `${lines.join('\n')}\n`);
    const probe = (...extra: string[]) =>
      runCli(['probe', dataset, '-g', READER, '--cache', cache, '--format', 'json', ...extra]);
    const first = await probe();
    expect(first.code).toBe(0);
    expect(runOf((await probe()).stdout).resumed).toBe(8);

    for (const extra of [
      ['--seed', '7'],
      ['--probes', 'remove,swap'],
      ['--cache-salt', 'v2'],
      ['--top-k', '2'],
    ]) {
      const changed = await probe(...extra);
      expect(changed.code).toBe(0);
      expect(runOf(changed.stdout).resumed, extra.join(' ')).toBeUndefined();
    }
    const otherGenerator = await runCli([
      'probe',
      dataset,
      '-g',
      FAULTY,
      '--cache',
      cache,
      '--format',
      'json',
    ]);
    expect(runOf(otherGenerator.stdout).resumed).toBeUndefined();

    // The last question's answer changes: it is in every other question's pool, so nothing is served.
    const last = JSON.parse(lines.at(-1) as string) as { answers: string[] };
    writeFileSync(
      dataset,
      `${[...lines.slice(0, -1), JSON.stringify({ ...last, answers: [...last.answers, 'another'] })].join('\n')}\n`,
    );
    const edited = await probe();
    expect(edited.code).toBe(0);
    expect(runOf(edited.stdout).resumed).toBeUndefined();
  });

  it('a changed embedding model (dense: retriever, semantic: matching) is not served from the journal', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const model = join(dir, 'embedder');
    cpSync(join(ROOT, 'fixtures/models/embedder'), model, { recursive: true });
    const probe = (...spec: string[]) =>
      runCli([
        'probe',
        firstLines(DEMO, 3),
        '-g',
        READER,
        '--cache',
        cache,
        '--format',
        'json',
        '--offline',
        ...spec,
      ]);
    for (const spec of [
      ['-r', `dense:${model}`, '--corpus', 'fixtures/world/corpus.jsonl'],
      ['--match', `semantic:${model}`],
    ]) {
      writeFileSync(join(model, 'sentence_bert_config.json'), JSON.stringify({ max_seq_length: 512 }));
      expect((await probe(...spec)).code).toBe(0);
      expect(runOf((await probe(...spec)).stdout).resumed, spec.join(' ')).toBe(3);
      // The same folder, a shorter token limit: its embeddings can differ.
      writeFileSync(join(model, 'sentence_bert_config.json'), JSON.stringify({ max_seq_length: 8 }));
      const changed = await probe(...spec);
      expect(changed.code).toBe(0);
      expect(runOf(changed.stdout).resumed, spec.join(' ')).toBeUndefined();
    }
  }, 120_000);

  it('a line with a flipped byte or torn by a kill is run again, not served', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const args = ['probe', WORLD, '-g', FAULTY, '--cache', cache, '--format', 'json'];
    const first = await runCli(args);
    const journal = journalOf(cache);
    const bytes = readFileSync(journal);
    // A byte of question 5's baseline answer, inside its line, flipped.
    const line = bytes.indexOf('{"k":"5"');
    const at = bytes.indexOf('"baseline":"', line) + 13;
    bytes[at] = (bytes[at] as number) ^ 1;
    writeFileSync(journal, bytes);
    // And a line cut short, as a kill in the middle of a write leaves it.
    appendFileSync(journal, '{"k":"6","q":{"id":"fleet","question":"Wh');

    const log = join(dir, 'second.log');
    const second = await runCli(args, { env: { READER_LOG: log } });
    expect(second.code).toBe(0);
    expect(numbers(second.stdout)).toEqual(numbers(first.stdout));
    expect(runOf(second.stdout).resumed).toBe(7);
    // Question 5 is planned again, every call answered from the cache.
    expect(requestsIn(log)).toEqual([]);
    expect(runOf(second.stdout).cacheHits).toBeGreaterThan(0);

    const third = await runCli(args);
    expect(numbers(third.stdout)).toEqual(numbers(first.stdout));
    expect(runOf(third.stdout).resumed).toBe(8);
  });

  it('a run killed mid-way resumes where it stopped and reports what an uninterrupted run reports', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    // More questions than one window (256), so the journal has lines before the run ends.
    const dataset = writeStationDataset(dir, 600, 5);
    const args = ['probe', dataset, '-g', FAULTY, '--cache', cache, '--concurrency', '4', '--out'];
    // Its own temporary folder: the run's temporary files (records, the streamed report's
    // questions) are unlinked as soon as they are open, so a killed run leaves none behind.
    const temporary = join(dir, 'tmp');
    mkdirSync(temporary);
    const killed = spawn(process.execPath, [BIN, ...args, join(dir, 'killed.json')], {
      cwd: ROOT,
      env: { ...process.env, READER_DELAY_MS: '1', TMPDIR: temporary },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => killed.once('close', resolve));
    const journaled = () => {
      const names = existsSync(cache) ? readdirSync(cache).filter((name) => name.startsWith('results-')) : [];
      return names.length === 0 ? 0 : requestsIn(join(cache, names[0] as string)).length;
    };
    const deadline = Date.now() + 90_000;
    while (journaled() < 256 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    killed.kill('SIGKILL');
    await exited;
    const before = journaled();
    expect(before).toBeGreaterThanOrEqual(256);
    expect(before).toBeLessThan(600);
    expect(existsSync(join(dir, 'killed.json'))).toBe(false);
    expect(readdirSync(temporary)).toEqual([]);

    const resumed = await runCli([...args, join(dir, 'resumed.json')]);
    expect(resumed.code).toBe(0);
    const uninterrupted = await runCli([...args, join(dir, 'whole.json'), '--no-cache']);
    expect(uninterrupted.code).toBe(0);
    const resumedReport = readFileSync(join(dir, 'resumed.json'), 'utf8');
    expect(numbers(resumedReport)).toEqual(numbers(readFileSync(join(dir, 'whole.json'), 'utf8')));
    expect(runOf(resumedReport).resumed).toBeGreaterThanOrEqual(256);
    expect(runOf(resumedReport).resumed).toBeLessThan(600);
  }, 180_000);

  it('attribution, teacher-forced effect sizes and a shard resume to the same report', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const args = [
      'probe',
      WORLD,
      '-g',
      'exec:node test/fixtures/scoring-reader.mjs',
      '--effect-sizes',
      '--attribute',
      '--attribution-samples',
      '8',
      '--probes',
      'remove,swap,corrupt',
      '--cache',
      cache,
      '--format',
      'json',
    ];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.summary.effectSizes.scoring).toBe('teacher-forced');
    expect(report.summary.attribution.questions).toBeGreaterThan(0);
    const second = await runCli(args);
    expect(numbers(second.stdout)).toEqual(numbers(first.stdout));
    expect(runOf(second.stdout)).toMatchObject({ liveCalls: 0, resumed: 8, scoring: { liveCalls: 0 } });

    const shard = [...args, '--shard', '2/3'];
    const shardFirst = await runCli(shard);
    const shardAgain = await runCli(shard);
    expect(numbers(shardAgain.stdout)).toEqual(numbers(shardFirst.stdout));
    const probed = (JSON.parse(shardFirst.stdout) as { questions: unknown[] }).questions.length;
    expect(runOf(shardAgain.stdout).resumed).toBe(probed);
  }, 60_000);
});
