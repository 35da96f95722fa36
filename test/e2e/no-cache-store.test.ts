import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const READER = 'exec:node test/fixtures/faulty-reader.mjs';

interface Report {
  questions: { id: string; baseline: string; probes: { probe: string; answer?: string }[] }[];
  run: { liveCalls: number; cacheHits: number };
}

/** `count` questions of one passage each, which the example reader answers from the passage. */
function oneSourceDataset(file: string, count: number): void {
  const lines = Array.from({ length: count }, (_, q) =>
    JSON.stringify({
      id: `q${q}`,
      question: `What is the value of entity ${q}?`,
      answers: [`v${q}`],
      passages: [{ id: `p${q}`, title: `Entity ${q}`, text: `The value of entity ${q} is v${q}.` }],
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('--no-cache keeps the answers of the windows in flight only', () => {
  it('a probe whose prompt is its baseline prompt is answered once, in every window of the run', async () => {
    // 700 questions are three probe windows of 256: from the second on, the baselines answered
    // before the probe phase are no longer in the store unless each window puts its own back.
    const dir = tempDir();
    const data = join(dir, 'data.jsonl');
    const log = join(dir, 'requests.jsonl');
    const questions = 700;
    oneSourceDataset(data, questions);
    const run = await runCli(
      [
        'probe',
        data,
        '-g',
        READER,
        '--no-cache',
        '--probes',
        'solo',
        '--concurrency',
        '4',
        '--format',
        'json',
      ],
      { env: { READER_LOG: log } },
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const requests = readFileSync(log, 'utf8').trim().split('\n');
    // With one passage, solo's prompt is the baseline's: one request per question.
    expect(requests).toHaveLength(questions);
    expect(new Set(requests).size).toBe(questions);
    expect(report.run.liveCalls).toBe(questions);
    expect(report.run.cacheHits).toBe(questions);
    expect(report.questions).toHaveLength(questions);
    for (const question of report.questions) {
      const solo = question.probes.find((probe) => probe.probe === 'solo');
      expect(solo?.answer).toBe(question.baseline);
    }
  });
});
