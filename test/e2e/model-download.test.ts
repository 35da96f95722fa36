import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const online = await lookup('huggingface.co').then(
  () => true,
  () => false,
);
if (online) console.warn('skipping the no-network model test: huggingface.co resolves here');

describe.skipIf(online)('a hub model without a network', () => {
  it('says there is no network and names the cache folder it looked in', async () => {
    const cache = tempDir();
    const result = await runCli(
      [
        'probe',
        'fixtures/examples/world.jsonl',
        '-g',
        'transformers:Xenova/ragseam-absent-model',
        '--no-cache',
      ],
      { env: { RAGSEAM_MODEL_CACHE: cache } },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `error: transformers:Xenova/ragseam-absent-model: no network and not in the local cache (${join(cache, 'Xenova/ragseam-absent-model')})`,
    );
  });
});
