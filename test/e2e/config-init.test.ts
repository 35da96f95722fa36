import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const WORLD = join(ROOT, 'fixtures/examples/world.jsonl');
const READER = `exec:node ${join(ROOT, 'fixtures/examples/reader.mjs')}`;

describe('ragseam init and the config file', () => {
  it('init writes a commented config that probe reads, and will not overwrite it without --force', async () => {
    const dir = tempDir();
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('wrote ragseam.config.json');
    const text = readFileSync(join(dir, 'ragseam.config.json'), 'utf8');
    expect(text).toContain('// ragseam configuration');
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('ragseam.config.json already exists');
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);

    // Found in the working directory; the flag overrides its openai generator.
    const probe = await runCli(
      ['probe', WORLD, '-g', READER, '--no-cache', '--format', 'json', '--probes', 'remove'],
      {
        cwd: dir,
      },
    );
    expect(probe.warnings).toBe('');
    expect(probe.code).toBe(0);
    expect(JSON.parse(probe.stdout).settings).toMatchObject({ generator: READER, topK: 5 });
  });

  it('resolves each setting flags > environment > config file > defaults', async () => {
    const dir = tempDir();
    const config = join(dir, 'ragseam.config.json');
    writeFileSync(
      config,
      JSON.stringify({ probe: { generator: READER, topK: 1, seed: 3, probes: ['remove', 'shuffle'] } }),
    );
    const settings = async (args: string[], env: Record<string, string> = {}) => {
      const result = await runCli(
        ['probe', WORLD, '--config', config, '--no-cache', '--format', 'json', ...args],
        { env },
      );
      expect(result.warnings).toBe('');
      return JSON.parse(result.stdout).settings;
    };
    expect(await settings([])).toMatchObject({
      topK: 1,
      seed: 3,
      probes: ['remove', 'shuffle'],
      match: 'contains',
    });
    expect(await settings([], { RAGSEAM_TOP_K: '2' })).toMatchObject({ topK: 2, seed: 3 });
    expect(await settings(['--top-k', '3'], { RAGSEAM_TOP_K: '2' })).toMatchObject({ topK: 3, seed: 3 });
    // A flag equal to its default still counts as given.
    expect(await settings(['--top-k', '5', '--seed', '0'])).toMatchObject({ topK: 5, seed: 0 });
    const viaEnv = await runCli(['probe', WORLD, '--no-cache', '--format', 'json', '--probes', 'remove'], {
      env: { RAGSEAM_CONFIG: config },
    });
    expect(JSON.parse(viaEnv.stdout).settings).toMatchObject({ generator: READER, topK: 1 });
  });
});
