import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const READER = 'exec:node fixtures/examples/reader.mjs';
const WORLD = 'fixtures/examples/world.jsonl';

function stable(text: string): unknown {
  const { run: _, ...rest } = JSON.parse(text);
  return rest;
}

async function shardedAndWhole(dataset: string, count: number, extra: string[] = []) {
  const dir = tempDir();
  const args = [
    'probe',
    dataset,
    '-g',
    READER,
    '--no-cache',
    '--format',
    'json',
    '--fail-under',
    '0.5',
    ...extra,
  ];
  const whole = await runCli(args);
  expect(whole.warnings).toBe('');
  const files: string[] = [];
  const sizes: number[] = [];
  for (let index = 1; index <= count; index++) {
    const out = join(dir, `shard-${index}.json`);
    const shard = await runCli([...args, '--shard', `${index}/${count}`, '--out', out]);
    expect(shard.warnings).toBe('');
    expect(JSON.parse(shard.stdout).settings.shard).toEqual({ index, count });
    sizes.push(JSON.parse(shard.stdout).questions.length);
    files.push(out);
  }
  // Shard order on the command line does not matter.
  const merged = await runCli([
    'merge',
    ...files.reverse(),
    '--format',
    'json',
    '--out',
    join(dir, 'merged.json'),
  ]);
  return { whole, merged, sizes, files, dir };
}

describe('--shard and merge', () => {
  it('merging the shards gives the unsharded report (apart from run timings)', async () => {
    const { whole, merged, sizes, dir } = await shardedAndWhole(WORLD, 3);
    expect(merged.warnings).toBe('');
    expect(merged.code).toBe(whole.code);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(stable(merged.stdout)).toEqual(stable(whole.stdout));
    expect(stable(readFileSync(join(dir, 'merged.json'), 'utf8'))).toEqual(stable(whole.stdout));
  });

  it('with --attribute: the same masks per question in every shard, the summary recomputed', async () => {
    const { whole, merged } = await shardedAndWhole(WORLD, 2, ['--attribute', '--attribution-samples', '8']);
    // Every question with a passage sentence and an answered baseline (one world question has no passage).
    expect(JSON.parse(whole.stdout).summary.attribution.questions).toBe(7);
    expect(stable(merged.stdout)).toEqual(stable(whole.stdout));
  });

  it('checks gates given to merge on the merged numbers', async () => {
    const { files } = await shardedAndWhole(WORLD, 2);
    const strict = await runCli([
      'probe',
      WORLD,
      '-g',
      READER,
      '--no-cache',
      '--format',
      'json',
      '--fail-under',
      '0.9',
    ]);
    expect(strict.code).toBe(1);
    const merged = await runCli(['merge', ...files, '--format', 'json', '--fail-under', '0.9']);
    expect(merged.code).toBe(1);
    expect(JSON.parse(merged.stdout).gates).toEqual(JSON.parse(strict.stdout).gates);
  });

  it('stays exact when questions have no gold answers (their baselines feed swaps and substitutes)', async () => {
    const dir = tempDir();
    const noGold = join(dir, 'no-gold.jsonl');
    const rows = readFileSync(WORLD, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const { answers: _, ...row } = JSON.parse(line);
        return JSON.stringify(row);
      });
    writeFileSync(noGold, `${rows.join('\n')}\n`);
    const { whole, merged } = await shardedAndWhole(noGold, 4);
    expect(stable(merged.stdout)).toEqual(stable(whole.stdout));
  });

  it('keeps a question in the same shard whatever the order of the dataset', async () => {
    const dir = tempDir();
    const reversed = join(dir, 'reversed.jsonl');
    const lines = readFileSync(WORLD, 'utf8').trim().split('\n');
    writeFileSync(reversed, `${lines.reverse().join('\n')}\n`);
    const ids = async (dataset: string) =>
      (
        JSON.parse(
          (await runCli(['probe', dataset, '-g', READER, '--no-cache', '--format', 'json', '--shard', '2/3']))
            .stdout,
        ).questions as { id: string }[]
      )
        .map((q) => q.id)
        .sort();
    expect(await ids(reversed)).toEqual(await ids(WORLD));
  });

  it('refuses incomplete, repeated or mismatched shards (exit 2)', async () => {
    const { files, dir } = await shardedAndWhole(WORLD, 2);
    const [second, first] = files as [string, string];
    const missing = await runCli(['merge', first]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shard 2/2 missing');
    const twice = await runCli(['merge', first, first]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('shard 1/2 is also');
    const other = join(dir, 'other-seed.json');
    await runCli([
      'probe',
      WORLD,
      '-g',
      READER,
      '--no-cache',
      '--seed',
      '7',
      '--shard',
      '2/2',
      '--out',
      other,
      '--format',
      'json',
    ]);
    const mismatched = await runCli(['merge', first, other]);
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toContain('its settings differ');
    expect(mismatched.stderr).toContain('(seed)');
    const bad = await runCli(['probe', WORLD, '-g', READER, '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard 3/2: expected i/n with 1 <= i <= n');
    expect(second).toBeDefined();
  });
});
