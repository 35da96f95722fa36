import { writeFileSync } from 'node:fs';
import { test } from 'vitest';
import { loadConflictNq, loadNq, loadXquad } from './shared-data.js';
import { sampleSubstitutes } from './type-sample.js';

/** TYPE_SAMPLE=<file> writes a fresh sample of corrupt substitutes for a hand check of types. */
test.skipIf(process.env.TYPE_SAMPLE === undefined)(
  'draws a sample of corrupt substitutes',
  async () => {
    const seed = Number(process.env.TYPE_SAMPLE_SEED ?? 1);
    const sets = [
      ['nq-open-oracle', loadNq(), 120],
      ['conflictnq', loadConflictNq(), 20],
      ['xquad-en', loadXquad(), 20],
    ] as const;
    const rows = [];
    for (const [name, items, count] of sets) {
      if (items !== undefined) rows.push(...(await sampleSubstitutes(name, items, count, seed)));
    }
    writeFileSync(process.env.TYPE_SAMPLE as string, rows.map((row) => JSON.stringify(row)).join('\n'));
  },
  600_000,
);
