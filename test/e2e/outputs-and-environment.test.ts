import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { WORLD_FILE } from '../helpers/http-stack.js';

const READER = 'exec:node fixtures/examples/reader.mjs';
const isRoot = process.getuid?.() === 0;
const probeArgs = (dataset: string, ...extra: string[]) => [
  'probe',
  dataset,
  '-g',
  READER,
  '--format',
  'json',
  ...extra,
];

describe('outputs never destroy inputs', () => {
  it.each([
    ['--out', 'dataset'],
    ['--markdown', 'dataset'],
    ['--html', 'config file'],
    ['--junit', 'baseline'],
  ])('%s naming the %s is refused with exit 2 and the input is untouched', async (flag, what) => {
    const dir = tempDir();
    const dataset = join(dir, 'data.jsonl');
    copyFileSync(WORLD_FILE, dataset);
    const config = join(dir, 'ragseam.config.json');
    writeFileSync(config, '{}\n');
    const baseline = join(dir, 'baseline.json');
    const made = await runCli([...probeArgs(dataset, '--no-cache', '--out', baseline)]);
    expect(made.code).toBe(0);
    const target = { dataset, 'config file': config, baseline }[what] as string;
    const before = readFileSync(target, 'utf8');
    // through a symbolic link and a relative path, too
    const link = join(dir, 'link');
    symlinkSync(target, link);
    const result = await runCli(
      [...probeArgs(dataset, '--no-cache', '--config', config, '--baseline', baseline, flag, link)],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${flag} ${link}: that is the ${what} (`);
    expect(readFileSync(target, 'utf8')).toBe(before);
  });

  it('--out /dev/stdout writes to stdout; a symbolic link stays a link', async () => {
    const dir = tempDir();
    const result = await runCli([
      ...probeArgs(WORLD_FILE, '--no-cache', '--format', 'table', '--out', '/dev/stdout'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('{\n  "schemaVersion"')).toBe(true);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
    const real = join(dir, 'real.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'report.json');
    symlinkSync(real, link);
    expect((await runCli([...probeArgs(WORLD_FILE, '--no-cache', '--out', link)])).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).schemaVersion).toBeDefined();
    expect(readdirSync(dir).sort()).toEqual(['real.json', 'report.json']);
  });
});

describe('environment problems are named, with exit 2 or 3, never "a bug"', () => {
  it('a cache path that is a file, or under a file', async () => {
    const dir = tempDir();
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    for (const cache of [file, join(file, 'below')]) {
      const result = await runCli(probeArgs(WORLD_FILE, '--cache', cache));
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`error: cache folder ${cache}: `);
      expect(result.stderr).not.toContain('bug');
    }
  });

  it('--out naming a folder is a usage error', async () => {
    const dir = tempDir();
    const result = await runCli(probeArgs(WORLD_FILE, '--no-cache', '--out', dir));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: --out ${dir}: that is a folder`);
  });

  it('--out on a full device', async () => {
    const result = await runCli(probeArgs(WORLD_FILE, '--no-cache', '--out', '/dev/full'));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error: /dev/full: no space left on the device (ENOSPC)');
  });

  it('merge given a malformed report, or one whose diagnosis is "constructor"', async () => {
    const dir = tempDir();
    const shard = join(dir, 'shard.json');
    expect((await runCli(probeArgs(WORLD_FILE, '--no-cache', '--shard', '1/1', '--out', shard))).code).toBe(
      0,
    );
    const text = readFileSync(shard, 'utf8');
    const prototypeName = join(dir, 'constructor.json');
    writeFileSync(prototypeName, text.replace('"diagnosis": "grounded"', '"diagnosis": "constructor"'));
    const torn = join(dir, 'torn.json');
    writeFileSync(torn, text.slice(0, 700));
    for (const [file, message] of [
      [prototypeName, '.diagnosis: Invalid option'],
      [torn, 'not valid JSON'],
    ] as const) {
      const result = await runCli(['merge', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`error: ${file}`);
      expect(result.stderr).toContain(message);
    }
  });

  it('probe --baseline given a malformed report fails before the run, naming the file and the question', async () => {
    const dir = tempDir();
    const baseline = join(dir, 'baseline.json');
    expect((await runCli(probeArgs(WORLD_FILE, '--no-cache', '--out', baseline))).code).toBe(0);
    const wrong = join(dir, 'wrong.json');
    writeFileSync(
      wrong,
      readFileSync(baseline, 'utf8').replace('"diagnosis": "grounded"', '"diagnosis": "odd"'),
    );
    const out = join(dir, 'report.json');
    const result = await runCli(probeArgs(WORLD_FILE, '--no-cache', '--baseline', wrong, '--out', out));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${wrong}: questions[`);
    expect(result.stderr).toContain('].diagnosis: ');
    expect(existsSync(out)).toBe(false);
  });

  describe.skipIf(!isRoot)('as another user, on a full or read-only disk (needs root for tmpfs)', () => {
    const mounts: string[] = [];
    afterAll(() => {
      for (const mount of mounts) {
        spawnSync('umount', [mount]);
        rmSync(mount, { recursive: true, force: true });
      }
    });
    const mount = (options: string): string => {
      const dir = tempDir();
      chmodSync(dir, 0o755);
      const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
      if (result.status !== 0) throw new Error(`mount failed: ${result.stderr}`);
      mounts.push(dir);
      return dir;
    };

    it('a full disk: exit 3 naming the file, and no stray temporary file', async () => {
      const dir = mount('size=16k');
      writeFileSync(join(dir, 'filler'), Buffer.alloc(8 * 1024));
      const out = join(dir, 'report.json');
      const result = await runCli(probeArgs(WORLD_FILE, '--no-cache', '--out', out));
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`error: ${out}: no space left on the device (ENOSPC)`);
      expect(readdirSync(dir)).toEqual(['filler']);
    });

    it('a read-only cache folder: exit 3 naming it', async () => {
      const dir = mount('size=16k');
      mkdirSync(join(dir, 'cache'));
      expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
      const result = await runCli(probeArgs(WORLD_FILE, '--cache', join(dir, 'cache')));
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(
        /error: cache file \S+\/cache\/answers-\w+\.jsonl: read-only file system \(EROFS\)/,
      );
      expect(result.stderr).toContain('hint: give a writable folder with --cache DIR');
    });

    it('a cache folder on a full disk: exit 3 naming the cache file, not a crash', async () => {
      const dir = mount('size=16k');
      mkdirSync(join(dir, 'cache'));
      writeFileSync(join(dir, 'filler'), Buffer.alloc(16 * 1024 - 1024));
      const result = await runCli(probeArgs(WORLD_FILE, '--cache', join(dir, 'cache')));
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(
        /error: \S+\/cache\/answers-\w+\.jsonl: no space left on the device \(ENOSPC\)/,
      );
    });

    it('no home folder: --help works, a run says how to choose a cache, --no-cache runs', () => {
      const dir = tempDir();
      chmodSync(dir, 0o777);
      const dataset = join(dir, 'world.jsonl');
      copyFileSync(WORLD_FILE, dataset);
      chmodSync(dataset, 0o644);
      mkdirSync(join(dir, 'out'), { mode: 0o777 });
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [BIN, ...args], {
          cwd: ROOT,
          env: { PATH: process.env.PATH, NO_COLOR: '1' },
          uid: 54321,
          gid: 54321,
          encoding: 'utf8',
        });
      expect(run('--help').status).toBe(0);
      const noHome = run(...probeArgs(dataset));
      expect(noHome.stderr).toContain('error: no home folder to keep the answer cache in (HOME is not set)');
      expect(noHome.stderr).toContain(
        'hint: set HOME or RAGSEAM_CACHE_DIR, or pass --cache DIR or --no-cache',
      );
      expect(noHome.status).toBe(3);
      expect(run(...probeArgs(dataset, '--no-cache')).status).toBe(0);
    });
  });
});
