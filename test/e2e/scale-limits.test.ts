import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { WORLD_FILE } from '../helpers/http-stack.js';

const READER = 'exec:node fixtures/examples/reader.mjs';

interface Report {
  settings: { resamples: number };
  summary: { errors: number; influenceByRank?: (number | null)[] };
  questions: { id: string; probes: { probe: string; rank?: number; answer?: string; error?: string }[] }[];
  run: { liveCalls: number; cachedCalls?: number };
}

describe('runs too big for a spread or a recursion', () => {
  it('merge scores a report of 150,000 leave-one-out results (Math.max(...) overflowed here)', async () => {
    const dir = tempDir();
    const shard = join(dir, 'shard.json');
    const made = await runCli([
      'probe',
      WORLD_FILE,
      '-g',
      READER,
      '--no-cache',
      '--shard',
      '1/1',
      '--out',
      shard,
    ]);
    expect(made.code).toBe(0);
    const report = JSON.parse(readFileSync(shard, 'utf8')) as Report;
    const template = report.questions[0] as Report['questions'][number];
    const leaveOneOut = template.probes.find((p) => p.probe === 'leave-one-out');
    expect(leaveOneOut).toBeDefined();
    const questions = Array.from({ length: 3000 }, (_, q) => ({
      ...template,
      id: `q${q}`,
      probes: Array.from({ length: 50 }, (_, r) => ({ ...leaveOneOut, rank: r + 1 })),
    }));
    writeFileSync(
      shard,
      JSON.stringify({ ...report, settings: { ...report.settings, resamples: 20 }, questions }),
    );
    const merged = await runCli(['merge', shard, '--format', 'json', '--out', join(dir, 'merged.json')]);
    expect(merged.warnings).toBe('');
    expect(merged.code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as Report;
    expect(result.questions).toHaveLength(3000);
  }, 120_000);

  it('a meta nested 5,000 deep is refused with file:line, not a crash while the report is written', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'deep.jsonl');
    const meta = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const world = readFileSync(WORLD_FILE, 'utf8').trim().split('\n');
    writeFileSync(dataset, `${world[0]}\n${world[1]?.replace(/}$/, `, "meta": ${meta}}`)}\n`);
    const result = await runCli(['probe', dataset, '-g', READER, '--no-cache', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${dataset}:2: "meta" is nested more than 64 levels deep`);
    const shallow = await runCli(['probe', WORLD_FILE, '-g', READER, '--no-cache', '--format', 'json']);
    expect(shallow.code).toBe(0);
  });
});

describe('generator lines are capped', () => {
  it('an over-long stdout answer is a provider error for that call; an endless stderr line is cut', async () => {
    const dir = tempDir();
    const reader = join(dir, 'long.mjs');
    writeFileSync(
      reader,
      `import { createInterface } from 'node:readline';
process.stderr.write('x'.repeat(5_000_000));
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, question } = JSON.parse(line);
  const answer = question.includes('Varn') ? 'y'.repeat(3_000_000) : 'Paris';
  process.stdout.write(JSON.stringify({ id, answer }) + '\\n');
});
`,
    );
    const out = join(dir, 'report.json');
    const result = await runCli([
      'probe',
      WORLD_FILE,
      '-g',
      `exec:node ${reader}`,
      '--no-cache',
      '--out',
      out,
      '--format',
      'json',
      '--max-line-bytes',
      '1048576',
      '--retries',
      '0',
      '--max-error-rate',
      '1',
    ]);
    expect(result.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const report = JSON.parse(text) as Report;
    expect(report.summary.errors).toBeGreaterThan(0);
    // line 1 is the reply to the start-up identify request
    expect(text).toContain('stdout line 2 is longer than 1048576 bytes (--max-line-bytes)');
    expect(text).not.toContain('yyyyyyyyyy');
    expect(report.questions.find((q) => q.id === 'guild')?.probes.every((p) => p.error === undefined)).toBe(
      true,
    );
  });
});

describe('the answer cache', () => {
  it('never serves an answer whose bytes changed on disk', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const args = ['probe', WORLD_FILE, '-g', READER, '--cache', cache, '--format', 'json'];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    const [file] = readdirSync(cache).filter((name) => name.startsWith('answers-'));
    const path = join(cache, file as string);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('"a":"Ilse Marrow"');
    writeFileSync(path, text.replace('"a":"Ilse Marrow"', '"a":"Ilse Marrox"'));
    // --no-resume: the questions run again (the result journal would serve them all).
    const second = await runCli([...args, '--no-resume']);
    const report = JSON.parse(second.stdout) as Report;
    expect(second.stdout).not.toContain('Ilse Marrox');
    expect(report.run.liveCalls).toBeGreaterThan(0);
  });
});
