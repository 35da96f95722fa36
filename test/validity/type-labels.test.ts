import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConflictNq, loadNq, loadXquad, type SharedItem } from './shared-data.js';
import { type LabelledSubstitute, sourceIndex, strictTypeAgreement } from './type-check.js';

/**
 * The hand check of substitute types (docs/validity.md): 160 corrupt substitutes (120 NQ, 20
 * ConflictNQ, 20 XQuAD) drawn by `TYPE_SAMPLE=<file> TYPE_SAMPLE_SEED=2026 npx vitest run
 * test/validity/type-sample.test.ts`, each target and substitute then typed by reading them.
 */
const rows = readFileSync(join(import.meta.dirname, 'type-labels.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledSubstitute);

const share = (part: number, whole: number) => part / whole;

describe('hand-labelled substitute types', () => {
  test('at least 90% of substitutes have the target type by hand, on NQ and overall', () => {
    const agreeing = (list: readonly LabelledSubstitute[]) =>
      list.filter((row) => row.handTarget === row.handSubstitute).length;
    const nq = rows.filter((row) => row.dataset === 'nq-open-oracle');
    expect(nq.length).toBeGreaterThanOrEqual(100);
    expect(share(agreeing(nq), nq.length)).toBeGreaterThanOrEqual(0.9);
    expect(share(agreeing(rows), rows.length)).toBeGreaterThanOrEqual(0.9);
  });

  const data: Record<string, SharedItem[] | undefined> = {
    'nq-open-oracle': loadNq(),
    conflictnq: loadConflictNq(),
    'xquad-en': loadXquad(),
  };
  test.skipIf(Object.values(data).some((items) => items === undefined))(
    'the strict automated check agrees with the hand labels on at least 85% of rows',
    () => {
      let matching = 0;
      let strictAgreeing = 0;
      for (const row of rows) {
        const items = data[row.dataset] as SharedItem[];
        const item = items.find((candidate) => candidate.id === row.id);
        const strict = strictTypeAgreement(row, item, sourceIndex(items)(row.substitute));
        if (strict) strictAgreeing++;
        if (strict === (row.handTarget === row.handSubstitute)) matching++;
      }
      console.log(
        `strict check: ${strictAgreeing}/${rows.length} agree; matches the hand label on ${matching}`,
      );
      expect(share(matching, rows.length)).toBeGreaterThanOrEqual(0.85);
    },
  );
});
