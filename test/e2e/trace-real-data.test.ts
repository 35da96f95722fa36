import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { SHARED } from '../validity/shared-data.js';

const NQ = join(SHARED, 'nq-open-oracle/nq-open-oracle.jsonl.gz');
// test/fixtures/nq-seam-reader.mjs behaves by an FNV-1a hash of the question, mod 10.
const BEHAVIOURS = [
  'reader',
  'reader',
  'reader',
  'reader',
  'reader',
  'reader',
  'memory',
  'title',
  'abstainer',
  'fallback',
];
const EXPECTED: Record<string, string> = {
  reader: 'grounded',
  title: 'grounded',
  memory: 'parametric',
  fallback: 'parametric', // one passage: without it the fallback answers the gold answer anyway
  abstainer: 'abstained',
};

function behaviour(question: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < question.length; i++) {
    hash ^= question.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return BEHAVIOURS[(hash >>> 0) % 10] as string;
}

interface NqRow {
  question: string;
  answers: string[];
  ctxs: { title: string; text: string }[];
}

/** Sixty Natural Questions as a LangSmith runs export and as a Langfuse observations export. */
function exportsOf(
  rows: readonly NqRow[],
  dir: string,
): { langsmith: string; langfuse: string; answers: string } {
  const runs: unknown[] = [];
  const observations: unknown[] = [];
  rows.forEach((row, i) => {
    const trace = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const documents = row.ctxs.map((c, k) => ({
      page_content: c.text,
      type: 'Document',
      metadata: { id: `${trace}-${k}`, title: c.title },
    }));
    const tags = [behaviour(row.question)];
    runs.push(
      {
        id: trace,
        trace_id: trace,
        parent_run_id: null,
        run_type: 'chain',
        dotted_order: `${i}`,
        tags,
        inputs: { question: row.question },
        outputs: { output: row.answers[0] },
      },
      {
        id: `${trace}-r`,
        trace_id: trace,
        parent_run_id: trace,
        run_type: 'retriever',
        dotted_order: `${i}.1`,
        inputs: { query: row.question },
        outputs: { documents },
      },
    );
    observations.push(
      {
        id: `${i}`,
        traceId: trace,
        type: 'SPAN',
        parentObservationId: null,
        startTime: '2025-01-01T00:00:00Z',
        input: null,
        output: null,
        traceTags: tags,
      },
      {
        id: `${i}r`,
        traceId: trace,
        type: 'RETRIEVER',
        parentObservationId: `${i}`,
        startTime: '2025-01-01T00:00:01Z',
        input: row.question,
        output: documents,
      },
      {
        id: `${i}g`,
        traceId: trace,
        type: 'GENERATION',
        parentObservationId: `${i}`,
        startTime: '2025-01-01T00:00:02Z',
        input: [{ role: 'user', content: row.question }],
        output: { role: 'assistant', content: row.answers[0] },
      },
    );
  });
  const files = {
    langsmith: join(dir, 'runs.json'),
    langfuse: join(dir, 'observations.json'),
    answers: join(dir, 'answers.jsonl'),
  };
  writeFileSync(files.langsmith, JSON.stringify(runs));
  writeFileSync(files.langfuse, JSON.stringify(observations));
  writeFileSync(
    files.answers,
    `${rows.map((r) => JSON.stringify({ question: r.question, answers: r.answers })).join('\n')}\n`,
  );
  return files;
}

describe.skipIf(!existsSync(NQ))('trace exports on real text (Natural Questions, ../shared/data)', () => {
  it('reads Langfuse and LangSmith exports of 60 questions the same, and the diagnoses follow the scripted reader', async () => {
    const rows = gunzipSync(readFileSync(NQ))
      .toString('utf8')
      .trim()
      .split('\n')
      .slice(0, 60)
      .map((line) => JSON.parse(line) as NqRow);
    const files = exportsOf(rows, tempDir());
    const probe = async (file: string) => {
      const run = await runCli([
        'probe',
        file,
        '-g',
        `exec:node test/fixtures/nq-seam-reader.mjs ${files.answers}`,
        '--no-cache',
        '--format',
        'json',
      ]);
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as Report;
    };
    const langsmith = await probe(files.langsmith);
    const langfuse = await probe(files.langfuse);
    expect(langsmith.questions).toHaveLength(60);
    for (const [index, question] of langsmith.questions.entries()) {
      const row = rows[index] as NqRow;
      expect(question.question).toBe(row.question);
      expect(question.passages.map((p) => [p.title, p.text])).toEqual(row.ctxs.map((c) => [c.title, c.text]));
      expect(question.loggedResponse).toBe(row.answers[0]);
      expect(question.diagnosis).toBe(EXPECTED[behaviour(row.question)]);
      const twin = langfuse.questions[index];
      expect([twin?.id, twin?.question, twin?.passages, twin?.loggedResponse, twin?.diagnosis]).toEqual([
        question.id,
        question.question,
        question.passages,
        question.loggedResponse,
        question.diagnosis,
      ]);
    }
  }, 60_000);
});
