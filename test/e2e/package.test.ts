import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * An install of the built package without the optional local-model stack: the package's files,
 * and every module of this checkout except @huggingface/* (what `npm install ragseam` gives an
 * OpenAI-only user).
 */
function installWithoutTransformers(): string {
  const dir = tempDir('ragseam-install-');
  for (const part of ['bin', 'dist', 'package.json', 'fixtures/examples', 'fixtures/world'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'fixtures/models'), join(dir, 'fixtures/models'));
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === '@huggingface' || name.startsWith('.')) continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  }
  return dir;
}

function run(dir: string, args: readonly string[]) {
  return spawnSync(process.execPath, [join(dir, 'bin/ragseam.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('the published package', () => {
  it('works without the optional local-model stack, and says how to install it when asked for', () => {
    const dir = installWithoutTransformers();
    const reader = 'exec:node fixtures/examples/reader.mjs';
    const exec = run(dir, [
      'probe',
      'fixtures/examples/world.jsonl',
      '-g',
      reader,
      '--no-cache',
      '--format',
      'json',
    ]);
    expect(exec.status).toBe(0);
    expect(JSON.parse(exec.stdout).summary.questions).toBe(8);
    for (const args of [
      ['-g', 'transformers:fixtures/models/coupled'],
      ['-g', reader, '--match', 'semantic:fixtures/models/embedder'],
      ['-g', reader, '-r', 'dense:fixtures/models/embedder', '--corpus', 'fixtures/world/corpus.jsonl'],
    ]) {
      const local = run(dir, ['probe', 'fixtures/examples/world.jsonl', '--no-cache', ...args]);
      expect(local.status, args.join(' ')).toBe(2);
      expect(local.stderr).toContain('need @huggingface/transformers, which is not installed');
      expect(local.stderr).toContain(
        'hint: install it beside ragseam: npm install --save-dev @huggingface/transformers',
      );
    }
  });

  it('passes publint, and packs the built code, the CLI and the config schema but no tests', () => {
    const lint = spawnSync(process.execPath, [join(ROOT, 'node_modules/publint/src/cli.js'), '--strict'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as [{ files: { path: string }[] }];
    const files = pack.files.map((file) => file.path);
    for (const needed of [
      'bin/ragseam.js',
      'dist/index.js',
      'dist/cli/main.js',
      // Started by path, not imported: a bundler's or packer's import graph would not find it.
      'dist/engine/interval-worker.js',
      'schema/ragseam.config.schema.json',
    ])
      expect(files).toContain(needed);
    expect(files.some((file) => file.startsWith('test/') || file.startsWith('src/'))).toBe(false);
  }, 120_000);
});
