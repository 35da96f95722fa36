import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const RUN = [
  'probe',
  'fixtures/examples/world.jsonl',
  '-g',
  'exec:node fixtures/examples/reader.mjs',
  '--dry-run',
];

describe('--dry-run prompt tokens and cost', () => {
  it('counts the prompt template in every call and prices the tokens with --price-per-1k', async () => {
    const bare = JSON.parse((await runCli([...RUN, '--format', 'json'])).stdout);
    expect(bare.templateTokens).toBe(0);
    const dir = tempDir();
    const template = join(dir, 'prompt.txt');
    // 400 characters of text around the placeholders: 100 tokens at 4 characters per token.
    writeFileSync(template, `${'x'.repeat(200)}{{passages}}${'y'.repeat(200)}{{question}}`);
    const templated = JSON.parse((await runCli([...RUN, '--template', template, '--format', 'json'])).stdout);
    expect(templated.templateTokens).toBe(100);
    expect(templated.calls).toEqual(bare.calls);
    expect(templated.promptTokens.min).toBe(bare.promptTokens.min + 100 * bare.calls.min);
    const priced = JSON.parse((await runCli([...RUN, '--price-per-1k', '2', '--format', 'json'])).stdout);
    expect(priced.promptCostUsd.min).toBeCloseTo((bare.promptTokens.min / 1000) * 2, 10);
    const text = await runCli([...RUN, '-g', 'openai:gpt-4o-mini', '--price-per-1k', '0.15']);
    expect(text.stdout).toMatch(
      /prompt tokens: about \d+ \(4 characters per token over questions, passages and the prompt template, 51 tokens a call\)/,
    );
    expect(text.stdout).toMatch(/prompt cost: about \$\d+\.\d{4} at \$0\.15 per 1000 tokens/);
  });
});
