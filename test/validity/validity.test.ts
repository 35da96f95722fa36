import { describe, expect, test } from 'vitest';
import { isAbstention } from '../../src/metrics/abstention.js';
import { figuresTable, measureReader, type ReaderFigures } from './measure.js';
import { LLM_ABSTENTIONS, type ReaderName } from './readers.js';
import {
  loadClapnq,
  loadConflictNq,
  loadHaluEval,
  loadNq,
  loadXquad,
  type SharedItem,
} from './shared-data.js';

/**
 * The validity targets of docs/validity.md, measured with the reference readers on the shared
 * datasets (../shared/data; each test skips when its data is absent). To keep the run short, NQ
 * is sampled (every third item, 885 of 2,655) and XQuAD (every second, 595 of 1,190) unless
 * VALIDITY_FULL=1; the other sets run whole.
 * VALIDITY_TABLE=1 prints the Markdown table docs/validity.md shows.
 */
const full = process.env.VALIDITY_FULL === '1';
const sample = (items: SharedItem[] | undefined, every: number) =>
  items === undefined || full ? items : items.filter((_, index) => index % every === 0);

const DATASETS: Record<string, SharedItem[] | undefined> = {
  'nq-open-oracle': sample(loadNq(), 3),
  conflictnq: loadConflictNq(),
  'xquad-en': sample(loadXquad(), 2),
  'clapnq answerable': loadClapnq('answerable'),
  'clapnq unanswerable': loadClapnq('unanswerable'),
  'halueval-qa': loadHaluEval(),
};
const READERS: readonly ReaderName[] = [
  'ideal-extractive',
  'copy-in-place',
  'fixed-memory',
  'grounded-abstaining',
];

const measured = new Map<string, Promise<ReaderFigures>>();
function figures(dataset: string, reader: ReaderName): Promise<ReaderFigures> {
  const key = `${dataset}/${reader}`;
  let result = measured.get(key);
  if (result === undefined) {
    result = measureReader(dataset, reader, DATASETS[dataset] as SharedItem[]);
    measured.set(key, result);
  }
  return result;
}

describe.skipIf(DATASETS['nq-open-oracle'] === undefined)('corrupt on Natural Questions', () => {
  test('an ideal extractive reader is kept on at most 2% of corruptions: no answer form survives', async () => {
    const nq = await figures('nq-open-oracle', 'ideal-extractive');
    expect(nq.corruptApplicable / nq.questions).toBeGreaterThanOrEqual(0.98);
    expect(nq.keptRate).toBeLessThanOrEqual(0.02);
    expect(nq.answeredUnderCorrupt).toBeLessThanOrEqual(0.02);
  }, 300_000);

  test('at least 90% of substitutes share the target type; at least 95% of year substitutes are plausible', async () => {
    const nq = await figures('nq-open-oracle', 'ideal-extractive');
    expect(nq.typeAgreement).toBeGreaterThanOrEqual(0.9);
    expect(nq.yearTargets).toBeGreaterThan(50);
    expect(nq.plausibleYears).toBeGreaterThanOrEqual(0.95);
  }, 300_000);

  test('the reference readers get the diagnoses their behaviour implies', async () => {
    const copying = await figures('nq-open-oracle', 'copy-in-place');
    // It misses the spot when the words around the answer were other gold answers, replaced too.
    expect(copying.adoption).toBeGreaterThanOrEqual(0.8);
    const memory = await figures('nq-open-oracle', 'fixed-memory');
    expect(memory.reliance).toBe(0);
    // NQ lists "unknown" as a gold answer once: memory answering it is an abstention.
    expect(memory.diagnoses.parametric).toBe(memory.questions - memory.diagnoses.abstained);
    expect(memory.diagnoses.abstained).toBeLessThanOrEqual(1);
    const ideal = await figures('nq-open-oracle', 'ideal-extractive');
    expect(ideal.diagnoses.grounded / ideal.questions).toBeGreaterThanOrEqual(0.98);
  }, 300_000);
});

describe.skipIf(DATASETS['clapnq unanswerable'] === undefined)('abstentions on CLAPNQ', () => {
  test('a correctly abstaining reader on unanswerable questions is abstained, never parametric or brittle', async () => {
    const clap = await figures('clapnq unanswerable', 'grounded-abstaining');
    expect(clap.diagnoses.abstained).toBe(clap.questions);
    expect(clap.diagnoses.parametric + clap.diagnoses.brittle).toBe(0);
    expect(clap.abstentionRate).toBe(1);
  }, 300_000);
});

describe.skipIf(Object.values(DATASETS).some((items) => items === undefined))(
  'abstention classifier on real text',
  () => {
    test('recall on the reference readers\u2019 LLM phrasings is 100%; no real gold answer reads as an abstention', () => {
      expect(LLM_ABSTENTIONS.filter(isAbstention)).toEqual(LLM_ABSTENTIONS);
      const answers = Object.values(DATASETS).flatMap((items) =>
        (items ?? []).flatMap((item) => [
          ...item.answers,
          ...(item.wrongAnswer === undefined ? [] : [item.wrongAnswer]),
        ]),
      );
      // Gold strings that are themselves abstention notations (CLAPNQ annotators' "NA", NQ's "unknown") or hold no letter or digit.
      const notations = /^(?:na|unknown|uncertain|[^\p{L}\p{N}]*)$/iu;
      const falsePositives = answers.filter(
        (answer) => isAbstention(answer) && !notations.test(answer.trim()),
      );
      expect(falsePositives).toEqual([]);
      expect(answers.filter((answer) => answer === 'None').length).toBeGreaterThan(0);
    });

    test('every reader on every dataset (prints the table with VALIDITY_TABLE=1)', async () => {
      const rows: ReaderFigures[] = [];
      for (const dataset of Object.keys(DATASETS)) {
        for (const reader of READERS) rows.push(await figures(dataset, reader));
      }
      if (process.env.VALIDITY_TABLE === '1') console.log(figuresTable(rows));
      const fixed = rows.filter(
        (row) => row.reader === 'fixed-memory' && row.dataset !== 'clapnq unanswerable',
      );
      for (const row of fixed) expect(row.reliance, row.dataset).toBe(0);
    }, 900_000);
  },
);
