import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runCli, tempDir } from '../helpers/cli.js';

const READER = 'exec:node fixtures/examples/reader.mjs';

async function probe(dataset: string): Promise<Report> {
  const result = await runCli(['probe', dataset, '-g', READER, '--no-cache', '--format', 'json']);
  expect(result.warnings).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('the files RAGAS writes', () => {
  it('reads the records JSON (one array on one line, no ids) and the CSV export alike', async () => {
    const jsonl = await probe('fixtures/examples/ragas.jsonl');
    const records = await probe('fixtures/examples/ragas-records.json');
    const csv = await probe('fixtures/examples/ragas.csv');
    for (const report of [records, csv]) {
      expect(report.summary.questions).toBe(8);
      expect(report.summary.reliance.value).toBe(jsonl.summary.reliance.value);
      expect(report.summary.replayAgreement).toMatchObject({ value: 0.75, n: 8 });
      // Ids from row numbers: one line holds every row, so line numbers cannot name them.
      expect(report.questions.map((q) => q.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      // RAGAS's score columns travel with the question, to be read beside reliance.
      expect(report.questions[1]?.meta).toEqual({ faithfulness: 0.9, context_precision: 0.55 });
      expect(report.questions[1]?.answers).toEqual(['1887']);
    }
    // The CSV's list cells are Python lists; retrieved_context_ids name the passages.
    expect(csv.questions[0]?.passages.map((p) => p.id)).toEqual(['doc-1-1', 'doc-1-2', 'doc-1-3']);
    expect(csv.questions[0]?.passages.map((p) => p.text)).toEqual(
      jsonl.questions[0]?.passages.map((p) => p.text),
    );
  });

  it('explain shows the logged response and whether the replay agrees', async () => {
    const out = join(tempDir(), 'report.json');
    const run = await runCli([
      'probe',
      'fixtures/examples/ragas.csv',
      '-g',
      READER,
      '--no-cache',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const agrees = await runCli(['explain', out, '2']);
    expect(agrees.stdout).toContain('logged response: "It was founded in 1887." (replay agrees)');
    const differs = JSON.parse((await runCli(['explain', out, '7', '--format', 'json'])).stdout);
    expect(differs.replayMatch).toBe(false);
    expect((await runCli(['explain', out, '7'])).stdout).toMatch(/logged response: ".+" \(replay differs\)/);
  });

  it('a broken CSV is an input error naming file and line', async () => {
    const dir = tempDir();
    const open = join(dir, 'open.csv');
    writeFileSync(open, "user_input,retrieved_contexts\nq1,\"['a']\"\nq2,\"['b']\n");
    const unclosed = await runCli(['probe', open, '-g', READER, '--no-cache']);
    expect(unclosed.code).toBe(2);
    expect(unclosed.stderr).toContain(`error: ${open}:3: a quoted field is never closed`);
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'user_input,retrieved_contexts\nq1,"[\'a\']",extra\n');
    const short = await runCli(['probe', ragged, '-g', READER, '--no-cache']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain(`${ragged}:2: 3 fields, but the header has 2`);
  });
});
