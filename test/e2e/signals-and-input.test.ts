import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { WORLD_FILE } from '../helpers/http-stack.js';

const READER = 'exec:node fixtures/examples/reader.mjs';

/** CPU seconds (user + system) a live process has used so far, from /proc; undefined once it is gone. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Starts the CLI, sends `signal` once `ready(cpu)` holds (checked every 20 ms with the CPU seconds
 * the process has used), and measures the exit: wall-clock time, and the CPU time the process used
 * after the signal (to the last reading before it ended), which the machine's load does not inflate.
 */
function signalled(
  args: string[],
  signal: NodeJS.Signals,
  ready: (cpu: number, stderr: string) => boolean,
  env: NodeJS.ProcessEnv = {},
) {
  return new Promise<{ code: number | null; stderr: string; exitMs: number; cpuAfterSignal: number }>(
    (resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
      let stderr = '';
      let sentAt = 0;
      let cpuAtSignal = 0;
      let cpuLast = 0;
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.resume();
      const poll = setInterval(() => {
        const cpu = child.pid === undefined ? undefined : cpuSeconds(child.pid);
        if (cpu !== undefined) cpuLast = cpu;
        if (sentAt !== 0 || !ready(cpuLast, stderr)) return;
        sentAt = Date.now();
        cpuAtSignal = cpuLast;
        child.kill(signal);
      }, 20);
      child.once('close', (code) => {
        clearInterval(poll);
        resolve({ code, stderr, exitMs: Date.now() - sentAt, cpuAfterSignal: cpuLast - cpuAtSignal });
      });
    },
  );
}

/** A dataset of `count` lighthouse questions, each with one passage of `text` (JSON Lines). */
function lighthouses(count: number, text: string): string {
  const row = (n: number) =>
    JSON.stringify({
      id: `q${n}`,
      question: `What is the keeper of lighthouse ${n}?`,
      answers: ['x'],
      passages: [{ id: `p${n}`, text }],
    });
  return `${Array.from({ length: count }, (_, n) => row(n)).join('\n')}\n`;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('signals', () => {
  it('SIGTERM cleans up like Ctrl-C: exit 143 and no orphaned exec generator', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pid');
    const stubborn = join(dir, 'stubborn.mjs');
    // ignores end-of-input and SIGTERM, never answers
    writeFileSync(
      stubborn,
      `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
process.stdin.on('data', () => {});
process.on('SIGTERM', () => {});
setInterval(() => {}, 1000);
`,
    );
    const result = await signalled(
      ['probe', WORLD_FILE, '-g', `exec:node ${stubborn}`, '--no-cache', '--timeout-ms', '60000'],
      'SIGTERM',
      () => existsSync(pidFile),
    );
    expect(result.code).toBe(143);
    expect(existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const orphaned = alive(pid);
    if (orphaned) process.kill(pid, 'SIGKILL');
    expect(orphaned).toBe(false);
  });

  it('Ctrl-C while a large dataset loads acts at once: exit 130 within half a CPU second', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'large.jsonl');
    writeFileSync(dataset, lighthouses(400_000, 'The keeper of the lighthouse is x. '.repeat(8)));
    // Past start-up (about 0.5 s of CPU, the handlers installed) and into the load, which takes
    // several CPU seconds: the signal arrives while the dataset is being read.
    const result = await signalled(
      ['probe', dataset, '-g', READER, '--no-cache', '--dry-run'],
      'SIGINT',
      (cpu) => cpu >= 1.2,
    );
    expect(result.code).toBe(130);
    // Acting within a second on an idle machine; measured in CPU time so a loaded one does not fail it.
    expect(result.cpuAfterSignal).toBeLessThan(0.5);
  }, 120_000);

  it('Ctrl-C while a large run computes its intervals acts at once: exit 130', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'many.jsonl');
    writeFileSync(dataset, lighthouses(300, 'The keeper of the lighthouse is x.'));
    // 300 questions x 10^6 resamples x about 20 intervals: 7 x 10^9 draws, many CPU seconds in
    // worker threads. The signal goes when the intervals phase shows its first progress line.
    const result = await signalled(
      ['probe', dataset, '-g', READER, '--no-cache', '--resamples', '1000000'],
      'SIGINT',
      (_cpu, stderr) => /^intervals \d+\/\d+ /mu.test(stderr),
      { RAGSEAM_PROGRESS_INTERVAL_MS: '0' },
    );
    expect(result.stderr).toMatch(/^intervals 0\/\d+ \(0\.0 resamples\/s, ETA/mu);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('error: interrupted');
    // The workers are stopped: the process uses little CPU after the signal (seconds were left).
    expect(result.cpuAfterSignal).toBeLessThan(1);
  }, 120_000);
});

describe('input files', () => {
  it('a RAGAS file whose later rows are in another format is refused with file:line', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'mixed.jsonl');
    writeFileSync(
      dataset,
      [
        {
          user_input: 'What is the capital of France?',
          retrieved_contexts: ['Paris is the capital of France.'],
          reference: 'Paris',
        },
        {
          user_input: 'Who wrote Middlemarch?',
          retrieved_contexts: ['George Eliot wrote Middlemarch.'],
          reference: 'George Eliot',
        },
        { question: 'Where is Varn?', answers: ['north'], passages: [{ text: 'Varn is in the north.' }] },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    );
    const result = await runCli(['probe', dataset, '-g', READER, '--no-cache']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${dataset}:3: a ragseam row, but line 1 made this a ragas file`);
  });

  it('invalid UTF-8 is read with a warning naming file and line', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'latin1.jsonl');
    const lines = readFileSync(WORLD_FILE, 'utf8').trim().split('\n');
    const bytes = Buffer.concat([
      Buffer.from(`${lines.slice(0, 2).join('\n')}\n`),
      Buffer.from(lines[2] as string, 'utf8').subarray(0, 45),
      Buffer.from([0xe9, 0xff]),
      Buffer.from(`${(lines[2] as string).slice(45)}\n${lines.slice(3).join('\n')}\n`),
    ]);
    writeFileSync(dataset, bytes);
    const result = await runCli(['probe', dataset, '-g', READER, '--no-cache', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `note: ${dataset}:3: the text holds U+FFFD replacement characters (invalid UTF-8 in the file?) on 1 line`,
    );
    const clean = await runCli(['probe', WORLD_FILE, '-g', READER, '--no-cache', '--format', 'json']);
    expect(clean.warnings).toBe('');
  });
});

describe('Retry-After', () => {
  it('"0x10" is not read as 16 seconds', async () => {
    let first = true;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (first) {
          first = false;
          response.writeHead(429, { 'retry-after': '0x10', 'content-type': 'application/json' });
          response.end('{"error":"slow down"}');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ choices: [{ message: { content: 'Paris' } }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const started = Date.now();
    const result = await runCli(
      [
        'probe',
        WORLD_FILE,
        '-g',
        'openai:m',
        '--base-url',
        url,
        '--no-cache',
        '--backoff-ms',
        '10',
        '--format',
        'json',
      ],
      { env: { OPENAI_API_KEY: 'sk-retry-after-test-0123456789' } },
    );
    server.closeAllConnections();
    server.close();
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).run.retried).toBe(1);
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 30_000);
});
