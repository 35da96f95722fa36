import { readJsonObjectFile } from '../dataset/json-object-file.js';
import { InputError } from '../model/errors.js';
import type { QuestionResult, Report } from '../model/report.js';
import { checkQuestion, checkReport, versionProblem } from '../model/report-schema.js';

/**
 * Reads a JSON report written by `probe --out` (or `merge`), validated against the report schema:
 * a file that is not a report, or a report of a schema version this ragseam does not read, is an
 * {@link InputError} naming the file and the fields at fault. The file is read a block and a
 * question at a time, never as one string: a report of a million questions is gigabytes, past the
 * longest string JavaScript can hold. The questions are held, or only those `keep` keeps.
 */
export function readReport(
  file: string,
  options: {
    /** Which questions to keep (by the question as read and its position); the others are not checked. */
    keep?: (question: unknown, index: number) => boolean;
  } = {},
): Report {
  const { keep } = options;
  const element =
    keep === undefined
      ? undefined
      : (question: unknown, index: number) => (keep(question, index) ? question : undefined);
  const checked = checkReport(readJsonObjectFile(file, { arrayKey: 'questions', element }));
  if ('report' in checked) return checked.report;
  throw invalidReport(file, checked.problems);
}

function invalidReport(file: string, problems: readonly string[]): InputError {
  const [first, ...rest] = problems;
  return new InputError(
    `${file}: ${rest.length === 0 ? first : `not a valid ragseam report:\n  ${problems.join('\n  ')}`}`,
    {
      hint: 'give a JSON report written by ragseam probe --out or ragseam merge',
    },
  );
}

/**
 * Reads a report as {@link readReport} does, each question schema-checked as it is read and
 * handed to `project`; only what `project` returns is kept (the report returned holds no
 * questions), so reading a report of a million questions holds one question at a time.
 */
export function readReportQuestions<T>(
  file: string,
  project: (question: QuestionResult) => T,
): { report: Report; questions: T[] } {
  let versionChecked = false;
  const element = (value: unknown, index: number, before: Readonly<Record<string, unknown>>) => {
    // A report of a version this ragseam does not read says so, not that its questions are odd.
    if (!versionChecked) {
      const problem = versionProblem(before);
      if (problem !== undefined) throw invalidReport(file, [problem]);
      versionChecked = true;
    }
    const checked = checkQuestion(value, index);
    if ('problems' in checked) throw invalidReport(file, checked.problems);
    return project(checked.question);
  };
  const object = readJsonObjectFile(file, { arrayKey: 'questions', element });
  const { questions } = object;
  // Questions that are not an array were not read one by one: the whole check says what is wrong.
  const checked = checkReport(Array.isArray(questions) ? { ...object, questions: [] } : object);
  if ('problems' in checked) throw invalidReport(file, checked.problems);
  return { report: checked.report, questions: questions as T[] };
}
