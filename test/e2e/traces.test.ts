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
