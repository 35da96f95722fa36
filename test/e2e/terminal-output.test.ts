import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';

const READER = 'exec:node fixtures/examples/reader.mjs';
const WORLD = 'fixtures/examples/world.jsonl';
const RUN = ['probe', WORLD, '-g', READER, '--no-cache'];
const ESC = '\u001b[';

/**
 * Runs the CLI inside a real pseudo-terminal (util-linux `script`) of the given width and returns
 * what the terminal showed (stdout and stderr together).
 */
function inTerminal(args: readonly string[], env: NodeJS.ProcessEnv, columns = 100): string {
  const quoted = [process.execPath, BIN, ...args]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const { NO_COLOR: _, ...rest } = process.env;
  const result = spawnSync('script', ['-qec', `stty cols ${columns}; ${quoted}`, '/dev/null'], {
    cwd: ROOT,
    env: { ...rest, ...env },
    encoding: 'utf8',
  });
  return result.stdout;
}

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('output in a CI log (stdout and stderr not terminals)', () => {
  it('with --out: a plain table and the gate lines on stdout, the verdict and exit reason on stderr', async () => {
    const out = join(tempDir(), 'report.json');
    const result = await runCli([...RUN, '--fail-under', '0.7', '--out', out], { env: { NO_COLOR: '' } });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain(ESC);
    expect(result.stdout).toContain('│ reliance              │ 0.62 [0.29, 0.90]');
    expect(result.stdout).toContain('gate reliance >= 0.7: failed by 0.08; value 0.62 [0.29, 0.90], n=7');
    expect(result.stdout).not.toContain('"schemaVersion"');
    expect(result.stderr).toContain('gate reliance >= 0.7: failed by 0.08');
    expect(result.stderr).toContain('ragseam: exit 1: 1 of 1 gate failed (reliance >= 0.7)');
    expect(result.stderr).not.toContain(ESC);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.questions).toBe(8);
  });

  it('says why it exits 0, with and without gates', async () => {
    const none = await runCli(RUN);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('ragseam: exit 0: no gates set');
    const passed = await runCli([...RUN, '--fail-under', '0.5', '--max', 'instability=0.1']);
    expect(passed.stderr).toContain('ragseam: exit 0: all 2 gates passed');
  });

  it('prints JSON on stdout only with --format json or --out -', async () => {
    const table = await runCli(RUN);
    expect(table.stdout.startsWith('ragseam exec:node')).toBe(true);
    const dash = await runCli([...RUN, '--out', '-']);
    expect(JSON.parse(dash.stdout).summary.questions).toBe(8);
    expect(existsSync(join(ROOT, '-'))).toBe(false);
    const json = await runCli([...RUN, '--format', 'json']);
    expect(JSON.parse(json.stdout).summary.questions).toBe(8);
  });

  it('probe --help groups its flags and ends with examples; inspect --help has its own', async () => {
    const help = (await runCli(['probe', '--help'])).stdout;
    const groups = help.split('\n').filter((line) => /^[A-Z][\w ,-]+:$/.test(line));
    expect(groups).toEqual([
      'Arguments:',
      'Generator and retriever:',
      'Inputs:',
      'Probes and scores:',
      'Gates:',
      'Outputs:',
      'Network and retries:',
      'Cache:',
      'OpenAI-compatible and HTTP providers:',
      'Local models:',
      'Other:',
      'Options:',
      'Examples:',
    ]);
    expect(help.trimEnd().split('\n').at(-1)).toContain('ragseam explain report.json <id>');
    const inspect = (await runCli(['inspect', '--help'])).stdout;
    expect(inspect).toContain('The question:');
    expect(inspect).not.toContain('--fail-under');
    expect(inspect).toContain('Examples:');
  });

  it('merge and compare say why on stderr too', async () => {
    const dir = tempDir();
    const [a, b] = [join(dir, 'a.json'), join(dir, 'b.json')];
    await runCli([...RUN, '--shard', '1/2', '--out', a]);
    await runCli([...RUN, '--shard', '2/2', '--out', b]);
    const merged = await runCli(['merge', a, b, '--fail-under', '0.9']);
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('│ reliance ');
    expect(merged.stderr).toContain('ragseam: exit 1: 1 of 1 gate failed (reliance >= 0.9)');
    const whole = join(dir, 'whole.json');
    await runCli([...RUN, '--out', whole]);
    const compared = await runCli(['compare', whole, whole, '--fail-on-regression']);
    expect(compared.code).toBe(0);
    expect(compared.stderr).toContain('ragseam: exit 0: no significant regression');
  });

  it('progress is one plain line at a time: done/total, calls/s, errors, ETA', async () => {
    const result = await runCli(
      ['probe', WORLD, '-g', 'exec:node test/fixtures/faulty-reader.mjs', '--no-cache', '--concurrency', '1'],
      { env: { READER_DELAY_MS: '30', RAGSEAM_PROGRESS_INTERVAL_MS: '200' } },
    );
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('probes '));
    // 59 probe calls at ~30 ms each take over a second: a few interim lines, then the final one.
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThan(20);
    expect(lines[0]).toMatch(/^probes \d+\/59 \(\d+\.\d calls\/s, 0 errors, ETA \d+s\)$/);
    expect(lines.at(-1)).toMatch(/^probes 59\/59 \(\d+\.\d calls\/s, 0 errors, took \d+s\)$/);
    expect(result.stderr).not.toContain('\r');
  });

  it('`… | head` ends quietly with exit 0 (no EPIPE trace)', () => {
    const dir = tempDir();
    const rows = readFileSync(join(ROOT, WORLD), 'utf8').trim().split('\n');
    const big = rows.flatMap((row, _, all) =>
      Array.from({ length: 10 }, (_unused, copy) =>
        JSON.stringify({ ...JSON.parse(row), id: `${all.indexOf(row)}-${copy}` }),
      ),
    );
    const dataset = join(dir, 'big.jsonl');
    spawnSync('sh', ['-c', `cat > '${dataset}'`], { input: `${big.join('\n')}\n` });
    const result = spawnSync(
      'bash',
      [
        '-c',
        `'${process.execPath}' '${BIN}' probe '${dataset}' -g '${READER}' --no-cache --format json | head -c 10; echo "status=\${PIPESTATUS[0]}"`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(result.stdout).toContain('status=0');
    expect(result.stderr).not.toContain('EPIPE');
  });

  it('demo prints its table to a pipe as well as to a terminal', async () => {
    const piped = await runCli(['demo']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('ragseam demo');
    expect(piped.stdout).not.toContain('"coupled"');
  }, 120_000);
});

describe.skipIf(!hasScript)('output on a terminal (a real pseudo-terminal)', () => {
  it('a bar with rate, errors and ETA; a coloured table; a header as wide as the terminal', () => {
    const shown = inTerminal(
      [...RUN, '-g', 'exec:node fixtures/examples/reader.mjs --long-option-to-widen-the-title'],
      {
        TERM: 'xterm-256color',
      },
      140,
    );
    expect(shown).toContain('\r');
    expect(shown).toMatch(/probes +[█░]+ \d+\/59 \d+\.\d calls\/s, 0 errors, (ETA|took) /);
    expect(shown).toContain(`${ESC}1mragseam`);
    expect(shown).toContain('reader.mjs --long-option-to-widen-the-title · dataset top-5');
  });

  it('inspect colours the corrupted text as a diff and wraps passages to the terminal width', () => {
    const long = 'The keeper of Varn Lighthouse is Ilse Marrow. '.repeat(4);
    const args = ['inspect', '-q', 'What is the keeper of Varn Lighthouse?', '--passage', long, '-g', READER];
    const shown = inTerminal(
      [...args, '--no-cache', '--substitute', 'Odo Brant'],
      { TERM: 'xterm-256color' },
      60,
    );
    expect(shown).toContain(`${ESC}9mIlse Marrow`);
    expect(shown).toContain(`${ESC}32mOdo Brant`);
    const passageLines = shown.split(/\r?\n/).filter((line) => /^ {5}\S/.test(line));
    expect(passageLines.length).toBeGreaterThan(1);
    for (const line of passageLines) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('TERM=dumb gets no escape codes at all', () => {
    const shown = inTerminal(RUN, { TERM: 'dumb' });
    expect(shown).toContain('│ reliance ');
    expect(shown).not.toContain('\u001b');
    expect(shown).toMatch(/probes 59\/59 \(/);
  });
});
