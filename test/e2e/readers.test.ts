import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const READER = 'exec:node fixtures/examples/reader.mjs';

interface Report {
  summary: {
    questions: number;
    reliance: { value: number };
    replayAgreement: { value: number; n: number } | null;
  };
  questions: {
    id: string;
    line: number;
    loggedResponse?: string;
    replayMatch?: boolean;
    answers: string[];
  }[];
}

async function probe(dataset: string, ...extra: string[]): Promise<Report> {
  const result = await runCli(['probe', dataset, '-g', READER, '--no-cache', '--format', 'json', ...extra]);
  expect(result.warnings).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('RAGAS and RAGChecker logs', () => {
  it('are detected, read, and give replay agreement against the logged responses', async () => {
    const world = await probe('fixtures/examples/world.jsonl');
    expect(world.summary.replayAgreement).toBeNull();
    for (const file of ['ragas.jsonl', 'ragas-legacy.json', 'ragchecker.json']) {
      const report = await probe(`fixtures/examples/${file}`);
      expect(report.summary.questions).toBe(8);
      expect(report.summary.reliance.value).toBe(world.summary.reliance.value);
      // Logged "Harrow Point" (drifted) and "The Knotted Pear" (the reader now abstains) disagree.
      expect(report.summary.replayAgreement).toMatchObject({ value: 0.75, n: 8 });
      expect(report.questions.map((q) => q.replayMatch)).toEqual([
        true,
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]);
      expect(report.questions[1]?.loggedResponse).toBe('It was founded in 1887.');
      expect(report.questions.map((q) => q.answers[0])).toEqual(world.questions.map((q) => q.answers[0]));
    }
    const checker = await probe('fixtures/examples/ragchecker.json');
    expect(checker.questions.map((q) => q.id)).toEqual(world.questions.map((q) => q.id));
    const legacy = await probe('fixtures/examples/ragas-legacy.json');
    // Rows of a JSON document without ids are named by their row number; `line` is where they start.
    expect(legacy.questions.slice(0, 2).map((q) => [q.id, q.line])).toEqual([
      ['1', 2],
      ['2', 12],
    ]);
  });

  it('follows --input-format over detection', async () => {
    const result = await runCli([
      'probe',
      'fixtures/examples/ragchecker.json',
      '-g',
      READER,
      '--no-cache',
      '--input-format',
      'ragas',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: fixtures/examples/ragchecker.json:3: missing "user_input" or "question"',
    );
  });

  it('names the file and line of a malformed row (exit 2)', async () => {
    const dir = tempDir();
    const ragas = join(dir, 'ragas.jsonl');
    writeFileSync(
      ragas,
      [
        JSON.stringify({
          user_input: 'What is the capital of France?',
          retrieved_contexts: ['Paris is the capital.'],
          reference: 'Paris',
        }),
        '',
        JSON.stringify({ user_input: 'Q?', retrieved_contexts: 'one long string', response: 'x' }),
      ].join('\n'),
    );
    const legacy = join(dir, 'legacy.json');
    writeFileSync(
      legacy,
      '[\n  {"question": "Q1?", "contexts": ["a"], "answer": "a"},\n  {\n    "question": 42,\n    "contexts": []\n  }\n]\n',
    );
    const checker = join(dir, 'checker.json');
    writeFileSync(
      checker,
      JSON.stringify(
        {
          results: [
            {
              query_id: 'a',
              query: 'Q?',
              gt_answer: 'x',
              retrieved_context: [{ doc_id: 'd1', text: 't' }, { doc_id: 'd2' }],
            },
          ],
        },
        null,
        2,
      ),
    );
    const multiTurn = join(dir, 'multi.jsonl');
    writeFileSync(
      multiTurn,
      `${JSON.stringify({ user_input: [{ content: 'hi', type: 'human' }], reference: 'x' })}\n`,
    );
    const cases: [string, string][] = [
      [ragas, `${ragas}:3: "retrieved_contexts" must be an array (got string)`],
      [legacy, `${legacy}:3: "question" must be a string (got number)`],
      [checker, `${checker}:3: retrieved_context[1]: "text" must be a string (got undefined)`],
      [multiTurn, `${multiTurn}:1: "user_input" is a list of messages (a multi-turn sample)`],
    ];
    for (const [file, message] of cases) {
      const result = await runCli(['probe', file, '-g', READER, '--no-cache']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`error: ${message}`);
      expect(result.stderr).not.toContain('    at ');
    }
  });
});
