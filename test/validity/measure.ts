import type { QuestionResult } from '../../src/engine/runner.js';
import { isAbstention } from '../../src/metrics/abstention.js';
import type { Diagnosis } from '../../src/model/types.js';
import type { ReaderName } from './readers.js';
import { runReader } from './run-reader.js';
import type { SharedItem } from './shared-data.js';
import { sourceIndex, strictTypeAgreement } from './type-check.js';

/** What docs/validity.md reports for one reader on one dataset. */
export interface ReaderFigures {
  readonly dataset: string;
  readonly reader: ReaderName;
  readonly questions: number;
  readonly reliance: number | null;
  readonly adoption: number | null;
  readonly abstentionRate: number | null;
  readonly diagnoses: Readonly<Record<Diagnosis, number>>;
  /** Applicable corrupt probes, of all questions. */
  readonly corruptApplicable: number;
  /** Share of answered corrupt probes scored `kept`. */
  readonly keptRate: number | null;
  /** Share of answered corrupt probes whose answer is not an abstention (meaningful for the ideal reader: it found a gold answer left in). */
  readonly answeredUnderCorrupt: number | null;
  /** Share of corrupt substitutes the strict automated check (test/validity/type-check.ts) finds of the target's type. */
  readonly typeAgreement: number | null;
  /** Year targets: share whose substitute years all lie within 100 years of the target's. */
  readonly plausibleYears: number | null;
  readonly yearTargets: number;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function yearsClose(target: string, substitute: string): boolean {
  const before = (target.match(/\d{3,4}/gu) ?? []).map(Number);
  const after = (substitute.match(/\d{3,4}/gu) ?? []).map(Number);
  return (
    after.length > 0 &&
    after.every(
      (year) => year >= 1000 && year <= 2030 && before.some((other) => Math.abs(other - year) <= 100),
    )
  );
}

/** Figures from a finished run's questions. */
export function figuresOf(
  dataset: string,
  reader: ReaderName,
  items: readonly SharedItem[],
  questions: readonly QuestionResult[],
  summary: {
    reliance: { value: number | null };
    adoption: { value: number | null };
    abstentionRate: number | null;
    diagnoses: Readonly<Record<Diagnosis, number>>;
  },
): ReaderFigures {
  const corrupt = questions.flatMap((q) =>
    q.probes.filter((p) => p.probe === 'corrupt' && p.applicable).map((probe) => ({ question: q, probe })),
  );
  const answered = corrupt.filter(({ probe }) => probe.answer !== undefined);
  const typed = corrupt.filter(
    ({ probe }) => probe.substitute !== undefined && probe.answerType !== undefined,
  );
  const byId = new Map(items.map((item) => [item.id, item]));
  const sourceOf = sourceIndex(items);
  const agreeing = typed.filter(({ question, probe }) =>
    strictTypeAgreement(
      {
        question: question.question,
        target: probe.target as string,
        answerType: probe.answerType as string,
        substitute: probe.substitute as string,
      },
      byId.get(question.id),
      sourceOf(probe.substitute as string),
    ),
  );
  const years = typed.filter(({ probe }) => probe.answerType === 'year');
  return {
    dataset,
    reader,
    questions: questions.length,
    reliance: summary.reliance.value,
    adoption: summary.adoption.value,
    abstentionRate: summary.abstentionRate,
    diagnoses: summary.diagnoses,
    corruptApplicable: corrupt.length,
    keptRate: share(answered.filter(({ probe }) => probe.outcome === 'kept').length, answered.length),
    answeredUnderCorrupt: share(
      answered.filter(({ probe }) => !isAbstention(probe.answer as string)).length,
      answered.length,
    ),
    typeAgreement: share(agreeing.length, typed.length),
    plausibleYears: share(
      years.filter(({ probe }) => yearsClose(probe.target as string, probe.substitute as string)).length,
      years.length,
    ),
    yearTargets: years.length,
  };
}

/** Runs one reader on one dataset and measures it. */
export async function measureReader(
  dataset: string,
  reader: ReaderName,
  items: readonly SharedItem[],
): Promise<ReaderFigures> {
  const result = await runReader(reader, items);
  return figuresOf(dataset, reader, items, result.questions, result.summary);
}

const cell = (value: number | null) => (value === null ? '–' : value.toFixed(3));

/** One Markdown table row per figures. */
export function figuresTable(rows: readonly ReaderFigures[]): string {
  const header =
    '| dataset | reader | n | reliance | adoption | abstention rate | grounded / partial / parametric / brittle / abstained / unscored | corrupt applicable | kept under corrupt | answered under corrupt | type agreement | plausible years (n) |';
  const lines = rows.map((row) => {
    const d = row.diagnoses;
    return `| ${row.dataset} | ${row.reader} | ${row.questions} | ${cell(row.reliance)} | ${cell(row.adoption)} | ${cell(row.abstentionRate)} | ${d.grounded} / ${d.partial} / ${d.parametric} / ${d.brittle} / ${d.abstained} / ${d.unscored} | ${row.corruptApplicable} | ${cell(row.keptRate)} | ${cell(row.answeredUnderCorrupt)} | ${cell(row.typeAgreement)} | ${cell(row.plausibleYears)} (${row.yearTargets}) |`;
  });
  return [header, `|${' --- |'.repeat(12)}`, ...lines].join('\n');
}
