import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { loadConflictNq, loadNq, loadXquad } from './shared-data.js';
import { sampleSubstitutes } from './type-sample.js';

/** The seed of the hand-labelled sample in type-labels.jsonl (docs/validity.md). */
const LABELLED_SEED = 2026;

/**
 * The hand-labelled sample (type-labels.jsonl) must be what the corrupt probe draws today, so
 * docs/validity.md's type agreement is a figure of the current code. TYPE_SAMPLE=<file> (with
 * TYPE_SAMPLE_SEED) also writes a fresh sample for a new hand check.
 */
test('the hand-labelled substitutes are the ones the corrupt probe draws today', async () => {
  const seed = Number(process.env.TYPE_SAMPLE_SEED ?? LABELLED_SEED);
  const sets = [
    ['nq-open-oracle', loadNq(), 120],
    ['conflictnq', loadConflictNq(), 20],
    ['xquad-en', loadXquad(), 20],
  ] as const;
  if (sets.some(([, items]) => items === undefined)) return; // shared-data said why
  const rows = [];
  for (const [name, items, count] of sets)
    rows.push(...(await sampleSubstitutes(name, items ?? [], count, seed)));
  if (process.env.TYPE_SAMPLE !== undefined) {
    writeFileSync(process.env.TYPE_SAMPLE, rows.map((row) => JSON.stringify(row)).join('\n'));
  }
  if (seed !== LABELLED_SEED) return;
  const labelled = readFileSync(new URL('./type-labels.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const drawn = (row: Record<string, unknown>) =>
    [row.dataset, row.id, row.target, row.answerType, row.substitute].join(' | ');
  expect(rows.map((row) => drawn(row as unknown as Record<string, unknown>))).toEqual(labelled.map(drawn));
}, 600_000);
