import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const NQ = join(ROOT, '../shared/data/nq-open-oracle/nq-open-oracle.jsonl.gz');
const present = existsSync(NQ);
if (!present)
  console.warn(`skipping real-data tests: ${NQ} is absent (it ships beside the project, not in it)`);

/** Maps nq-open-oracle rows ({question, answers, ctxs}) to ragseam's dataset format, gzipped. */
async function convertNq(target: string): Promise<number> {
  let count = 0;
  const lines = createInterface({
    input: createReadStream(NQ).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  async function* rows() {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as {
        question: string;
        answers: string[];
        ctxs: { title: string; text: string }[];
      };
      count++;
      yield `${JSON.stringify({
        id: `nq-${count}`,
        question: row.question,
        answers: row.answers,
        passages: row.ctxs.map((ctx, index) => ({
          id: `nq-${count}-${index + 1}`,
          title: ctx.title,
          text: ctx.text,
        })),
      })}\n`;
    }
  }
  await pipeline(rows, createGzip(), createWriteStream(target));
  return count;
}

describe.skipIf(!present)('Natural Questions (nq-open-oracle), real text', () => {
  it('finds a corrupt target in at least 95% of items and scores the whole set', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'nq.jsonl.gz');
    const count = await convertNq(dataset);
    expect(count).toBe(2655);
    const result = await runCli([
      'probe',
      dataset,
      '-g',
      'exec:node fixtures/examples/overlap-reader.mjs',
      '--no-cache',
      '--concurrency',
      '16',
      '--format',
      'json',
    ]);
    expect(result.warnings).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary.questions).toBe(2655);
    expect(report.summary.errors).toBe(0);
    const corrupt = report.summary.probes.corrupt;
    const withTarget = report.questions.filter((q: { target: string | null }) => q.target !== null).length;
    expect(withTarget / count).toBeGreaterThanOrEqual(0.95);
    expect(corrupt.applicable / count).toBeGreaterThanOrEqual(0.95);
    // The extractive reader copies a passage sentence, so it relies on its passages (a corrupted sentence it does not pick leaves it unchanged).
    expect(report.summary.reliance.value).toBeGreaterThan(0.8);
    console.log(
      `nq-open-oracle: ${count} items, target found in ${((withTarget / count) * 100).toFixed(1)}%, ` +
        `corrupt applicable ${corrupt.applicable}, reliance ${report.summary.reliance.value.toFixed(3)}`,
    );
  }, 120_000);
});
