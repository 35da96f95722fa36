import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/cli.js';

const READER = 'exec:node fixtures/examples/overlap-reader.mjs';
const QUESTION = 'How do I use the SDK to upload a ranking model?';

async function probe(dataset: string): Promise<Report> {
  const result = await runCli(['probe', dataset, '-g', READER, '--no-cache', '--format', 'json']);
  expect(result.warnings).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('trace exports', () => {
  it("reads Phoenix's span JSON: the retriever span's query and documents, in rank order", async () => {
    const report = await probe('fixtures/examples/traces/phoenix-spans.json');
    expect(report.questions).toHaveLength(1);
    const [question] = report.questions;
    expect(question?.id).toBe('9241913b-eadf-4891-9e17-24686ccc3ed3');
    expect(question?.question).toBe(QUESTION);
    expect(question?.passages.map((p) => [p.id, p.score])).toEqual([
      ['883e74ee-691a-46e0-acd7-f58bd565dad4', 0.8024018669959406],
      ['d169f0ce-b5ea-4e88-9653-f8bb2fb1d105', 0.7964861566463088],
    ]);
    expect(question?.passages[0]?.text).toContain('Ranking models are used by search engines');
    // A lone retriever span has no logged response.
    expect(question?.loggedResponse).toBeUndefined();
  });

  it('reads OTLP JSON with OpenInference attributes: root input/output, flattened documents', async () => {
    const otlp = await probe('fixtures/examples/traces/otlp-openinference.json');
    const phoenix = await probe('fixtures/examples/traces/phoenix-spans.json');
    const [question] = otlp.questions;
    expect(question?.id).toBe('9241913beadf48919e1724686ccc3ed3');
    expect(question?.question).toBe(QUESTION);
    expect(question?.loggedResponse).toBe("Use the 'arize-demo-hotel-ranking' model to follow along.");
    expect(question?.passages).toEqual(phoenix.questions[0]?.passages);
    expect(typeof question?.replayMatch).toBe('boolean');
  });
});

describe('Langfuse and LangSmith exports', () => {
  const LANGFUSE_ANSWER = /^Langfuse is a tool designed to help developers monitor and debug applications/;

  it("reads Langfuse's trace download: trace input as the question, the RETRIEVER's documents, the trace output", async () => {
    const report = await probe('fixtures/examples/traces/langfuse-trace.json');
    expect(report.questions).toHaveLength(1);
    const [question] = report.questions;
    expect(question?.id).toBe('12ea412956f99347b0503c1144acd0ec');
    // The trace stores its input JSON-encoded ("\"What is Langfuse?\""): read as the plain string.
    expect(question?.question).toBe('What is Langfuse?');
    expect(question?.passages.map((p) => p.id)).toEqual(['langfuse-readme-1', 'langfuse-readme-2']);
    expect(question?.passages[0]?.text).toMatch(/^Langfuse is an open source LLM engineering platform/);
    expect(question?.loggedResponse).toMatch(LANGFUSE_ANSWER);
    expect(question?.meta).toEqual({ traceName: 'llama-index-trace', tags: ['llama-index', 'rag'] });
  });

  it("reads Langfuse's observations export the same way (retriever input, last GENERATION's output)", async () => {
    const flat = await probe('fixtures/examples/traces/langfuse-observations.json');
    const download = await probe('fixtures/examples/traces/langfuse-trace.json');
    const [question] = flat.questions;
    expect(question?.question).toBe('What is Langfuse?');
    expect(question?.loggedResponse).toMatch(LANGFUSE_ANSWER);
    expect(question?.passages).toEqual(download.questions[0]?.passages);
  });

  it("reads LangSmith's runs: root inputs and outputs, the retriever child run's documents, one row per trace", async () => {
    const report = await probe('fixtures/examples/traces/langsmith-runs.json');
    expect(report.questions.map((q) => q.id)).toEqual([
      '1f0a4c2e-7b3d-4e5f-9a6b-2c8d0e1f3a40',
      'd0d84d31-923d-4cb5-94a8-40a0a0087578',
    ]);
    const [rag, chat] = report.questions;
    expect(rag?.question).toBe('What does LangSmith do?');
    expect(rag?.passages.map((p) => [p.id, p.score])).toEqual([
      ['langsmith-readme-1', 0.83],
      ['langsmith-readme-2', 0.61],
    ]);
    expect(rag?.loggedResponse).toBe(
      'LangSmith helps your team debug, evaluate, and monitor language models and intelligent agents.',
    );
    // The recorded ChatOpenAI run is a trace of its own: the user message, the completion, no retriever.
    expect(chat?.question).toBe('howdy');
    expect(chat?.loggedResponse).toBe('Howdy! How can I assist you today?');
    expect(chat?.passages).toEqual([]);
  });

  it('reads a LangSmith run tree (child_runs nested) as the same row', async () => {
    const tree = await probe('fixtures/examples/traces/langsmith-run-tree.json');
    const flat = await probe('fixtures/examples/traces/langsmith-runs.json');
    expect(tree.questions).toHaveLength(1);
    expect(tree.questions[0]?.passages).toEqual(flat.questions[0]?.passages);
    expect(tree.questions[0]?.loggedResponse).toBe(flat.questions[0]?.loggedResponse);
  });
});
