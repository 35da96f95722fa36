import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const WORLD = 'fixtures/examples/world.jsonl';
const READER = 'exec:node fixtures/examples/reader.mjs';
const FAULTY = 'exec:node test/fixtures/faulty-reader.mjs';

function probe(args: string[], env?: NodeJS.ProcessEnv) {
  return runCli(['probe', ...args, '--format', 'json'], env === undefined ? {} : { env });
}

describe('probe on the example world with the known-behaviour reader', () => {
  it('reports the hand-computed scores and diagnoses', async () => {
    const result = await probe([WORLD, '-g', READER, '--no-cache']);
    expect(result.warnings).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const { summary } = report;
    // Per question reliance: lighthouse 1, guild 1, observatory 1, france 0, water 0, river 1,
    // fleet 1/3 (only corrupt changes it); orchard has no passages -> no value.
    // Mean over 7 = (4 + 1/3) / 7 = 13/21.
    expect(summary.reliance.value).toBeCloseTo(13 / 21, 12);
    expect(summary.reliance.n).toBe(7);
    // Corrupt adopted on lighthouse, guild, observatory, river, fleet; kept on france, water: 5/7.
    expect(summary.adoption.value).toBeCloseTo(5 / 7, 12);
    // Instability: river 1/2 (shuffle puts the conflicting passage first), every other 0: 0.5/7.
    expect(summary.instability.value).toBeCloseTo(0.5 / 7, 12);
    // Leave-one-out, rank 1: guild, observatory, river changed of 7 -> 3/7; rank 2: lighthouse of
    // 5 (lighthouse, guild, france, river, fleet) -> 1/5; rank 3: lighthouse's third passage -> 0.
    expect(summary.influenceByRank).toHaveLength(3);
    expect(summary.influenceByRank[0]).toBeCloseTo(3 / 7, 12);
    expect(summary.influenceByRank[1]).toBeCloseTo(1 / 5, 12);
    expect(summary.influenceByRank[2]).toBe(0);
    expect(summary.topPassageUse).toBeCloseTo(3 / 7, 12);
    // 13 (question, passage) pairs, 4 influential -> 9/13 dead.
    expect(summary.deadPassageRate).toBeCloseTo(9 / 13, 12);
    expect(summary.diagnoses).toEqual({
      grounded: 3,
      partial: 1,
      parametric: 2,
      brittle: 1,
      abstained: 0,
      unscored: 1,
    });
    // orchard's baseline "unknown" is an abstention, but with no passages nothing was measured.
    expect(summary.abstentionRate).toBe(0);
    // 8 baselines + probes: lighthouse 8, guild 7, observatory 5, france 7, water 5, river 7, fleet 7,
    // + one solo call per passage (13); gold never applies (no gold passage, no corpus).
    expect(summary.calls).toBe(67);
    expect(summary.errors).toBe(0);
    const diagnosis = Object.fromEntries(
      report.questions.map((q: { id: string; diagnosis: string }) => [q.id, q.diagnosis]),
    );
    expect(diagnosis).toEqual({
      lighthouse: 'grounded',
      guild: 'grounded',
      observatory: 'grounded',
      france: 'parametric',
      water: 'parametric',
      river: 'brittle',
      fleet: 'partial',
      orchard: 'unscored',
    });
    for (const [metric, estimate] of Object.entries({
      reliance: summary.reliance,
      adoption: summary.adoption,
    })) {
      const [low, high] = estimate.ci95 as [number, number];
      expect(low, metric).toBeLessThanOrEqual(estimate.value);
      expect(high, metric).toBeGreaterThanOrEqual(estimate.value);
    }
  });

  it('is deterministic: two runs give the same report apart from run timings', async () => {
    const [first, second] = await Promise.all([
      probe([WORLD, '-g', READER, '--no-cache', '--seed', '7']),
      probe([WORLD, '-g', READER, '--no-cache', '--seed', '7']),
    ]);
    const strip = (text: string) => ({ ...JSON.parse(text), run: undefined });
    expect(strip(first.stdout)).toEqual(strip(second.stdout));
  });

  it('writes the report file, renders a table, and gates with --fail-under', async () => {
    const dir = tempDir();
    const out = join(dir, 'nested', 'report.json');
    const failing = await runCli([
      'probe',
      WORLD,
      '-g',
      READER,
      '--no-cache',
      '--out',
      out,
      '--format',
      'table',
      '--fail-under',
      '0.7',
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('reliance');
    expect(failing.stdout).toMatch(/gate reliance >= 0\.7: failed by 0\.08/);
    expect(failing.stdout).not.toContain('\u001b[');
    expect(failing.stdout.split('\n').every((line) => line.length <= 80)).toBe(true);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.schemaVersion).toBe(2);
    expect(report.gates[0]).toMatchObject({ metric: 'reliance', threshold: 0.7, passed: false });
    const passing = await probe([WORLD, '-g', READER, '--no-cache', '--fail-under', '0.5']);
    expect(passing.code).toBe(0);
  });

  it('explains one question', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    await probe([WORLD, '-g', READER, '--no-cache', '--out', out]);
    const result = await runCli(['explain', out, 'river']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('What is the source of the Lume River?');
    expect(result.stdout).toMatch(
      /1\. Lume River \(p-lume-old\) +utility: right from it alone · influence: without it the answer became "Fenwick Spring"/,
    );
    expect(result.stdout).toMatch(/shuffle +passages reordered +→ "Fenwick Spring" changed/);
    expect(result.stdout).toContain('The source of the Lume River is [Brask Glacier → Calder Bay],');
    expect(result.stdout).toMatch(
      /2\. Lume River \(resurvey\) \(p-lume-new\) +utility: not right from it alone · influence: none/,
    );
    expect(result.stdout).toContain('seam: ok');
    expect(result.stdout).toContain('diagnosis: brittle');
    expect(result.stdout).toContain(
      'verdict: brittle: the answer changed when the same evidence was reordered',
    );
    const json = JSON.parse((await runCli(['explain', out, 'river', '--format', 'json'])).stdout);
    expect(json).toMatchObject({ id: 'river', baseline: 'Brask Glacier', diagnosis: 'brittle' });
    const missing = await runCli(['explain', out, 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no question with id "nope"');
  });
});

describe('bad input', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed line', '{"question": "ok"}\n{"question": \n', /data\.jsonl:2: not valid JSON/],
    [
      'missing question',
      '{"question": "ok"}\n{"id": "b"}\n',
      /data\.jsonl:2: "question" must be a string \(got undefined\)/,
    ],
    [
      'question not a string',
      '{"question": 3}\n',
      /data\.jsonl:1: "question" must be a string \(got number\)/,
    ],
    [
      'passages not an array',
      '{"question": "q", "passages": "text"}\n',
      /data\.jsonl:1: "passages" must be an array \(got string\)/,
    ],
    [
      'passage without text',
      '{"question": "q", "passages": [{"id": "x"}]}\n',
      /data\.jsonl:1: passages\[0\]: "text" must be a string/,
    ],
    ['empty dataset', '\n\n', /data\.jsonl: the dataset has no questions/],
  ];
  for (const [name, content, message] of cases) {
    it(`${name}: exit 2 with file:line and no stack`, async () => {
      const dir = tempDir();
      const file = join(dir, 'data.jsonl');
      writeFileSync(file, content);
      const result = await probe([file, '-g', READER, '--no-cache']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
    });
  }

  it('rejects unknown probes, generator kinds and bad numbers with exit 2', async () => {
    const unknownProbe = await probe([WORLD, '-g', READER, '--probes', 'remove,nope']);
    expect(unknownProbe.code).toBe(2);
    expect(unknownProbe.stderr).toContain('unknown probe "nope"');
    const unknownKind = await probe([WORLD, '-g', 'gpt:4']);
    expect(unknownKind.code).toBe(2);
    expect(unknownKind.stderr).toMatch(/unknown generator kind "gpt".*\n.*valid kinds: exec/);
    const badTopK = await probe([WORLD, '-g', READER, '--top-k', 'zero']);
    expect(badTopK.code).toBe(2);
    expect(badTopK.stderr).toContain('--top-k');
    const missingFile = await probe(['nowhere.jsonl', '-g', READER]);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain('nowhere.jsonl: cannot read it (ENOENT)');
  });

  it('does not overwrite an existing report when the input is bad', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    writeFileSync(out, 'previous report');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"nope": 1}\n');
    const result = await probe([bad, '-g', READER, '--out', out, '--no-cache']);
    expect(result.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous report');
  });
});

describe('exec generator faults', () => {
  it('a line that is not JSON is a provider error naming the line: exit 3', async () => {
    const result = await probe([WORLD, '-g', FAULTY, '--no-cache', '--concurrency', '1'], {
      READER_FAULT: 'invalid-json',
      READER_FAULT_AT: '3',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('stdout line 4 is not valid JSON: this is not json');
  });

  it('a generator that dies is a provider error with its stderr: exit 3', async () => {
    const result = await probe([WORLD, '-g', FAULTY, '--no-cache'], {
      READER_FAULT: 'die',
      READER_FAULT_AT: '2',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('exited with code 7');
    expect(result.stderr).toContain('out of memory (simulated)');
  });

  it('an answer of the wrong type is a provider error naming the field', async () => {
    const result = await probe([WORLD, '-g', FAULTY, '--no-cache'], { READER_FAULT: 'wrong-type' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/stdout line 2: "answer" must be a string \(got number\)/);
  });

  it('a command that does not exist: exit 3 with a hint', async () => {
    const result = await probe([WORLD, '-g', 'exec:/nonexistent/generator', '--no-cache']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('could not start "/nonexistent/generator"');
  });

  it('transient errors are retried and the report equals the fault-free one', async () => {
    const clean = await probe([WORLD, '-g', READER, '--no-cache', '--concurrency', '1']);
    const dir = tempDir();
    const log = join(dir, 'requests.jsonl');
    const flaky = await probe([WORLD, '-g', FAULTY, '--no-cache', '--concurrency', '1', '--retries', '2'], {
      READER_FAULT: 'error',
      READER_FAULT_AT: '4',
      READER_FAULT_TIMES: '2',
      READER_LOG: log,
    });
    expect(flaky.code).toBe(0);
    const strip = (text: string) => {
      const report = JSON.parse(text);
      return { summary: report.summary, questions: report.questions };
    };
    expect(strip(flaky.stdout)).toEqual(strip(clean.stdout));
    // 67 calls in all, minus duplicates the scheduler shares, plus exactly the two retried attempts.
    const requests = readFileSync(log, 'utf8').trim().split('\n');
    expect(requests.length).toBe(JSON.parse(flaky.stdout).run.liveCalls);
    expect(JSON.parse(flaky.stdout).run.retried).toBe(2);
  });

  it('persistent errors are recorded on the probe, counted, and exit 3 past --max-error-rate', async () => {
    const result = await probe([WORLD, '-g', FAULTY, '--no-cache', '--concurrency', '1', '--retries', '1'], {
      READER_FAULT: 'error',
      READER_FAULT_AT: '10',
      READER_FAULT_TIMES: '2',
    });
    // Request 10 fails twice (attempt and retry): one call recorded as an error out of 67.
    const report = JSON.parse(result.stdout);
    expect(report.summary.errors).toBe(1);
    const failed = report.questions.flatMap((q: { probes: { error?: string }[] }) =>
      q.probes.filter((p) => p.error),
    );
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toContain('model overloaded (simulated)');
    expect(result.code).toBe(0);
    const strict = await probe(
      [WORLD, '-g', FAULTY, '--no-cache', '--concurrency', '1', '--retries', '1', '--max-error-rate', '0'],
      {
        READER_FAULT: 'error',
        READER_FAULT_AT: '10',
        READER_FAULT_TIMES: '2',
      },
    );
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain('1 of 67 generator calls failed');
  });

  it('a hung request times out, is retried, and the run completes', async () => {
    const result = await probe(
      [WORLD, '-g', FAULTY, '--no-cache', '--concurrency', '2', '--timeout-ms', '1500', '--retries', '1'],
      {
        READER_FAULT: 'hang',
        READER_FAULT_AT: '5',
        READER_FAULT_TIMES: '1',
      },
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary.errors).toBe(0);
    expect(report.run.retried).toBe(1);
  });
});
