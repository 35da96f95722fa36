import { readJsonObjectFile } from '../dataset/json-object-file.js';
import { InputError } from '../model/errors.js';
import type { Report } from '../model/report.js';
import { checkReport } from '../model/report-schema.js';

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
  const [first, ...rest] = checked.problems;
  throw new InputError(
    `${file}: ${rest.length === 0 ? first : `not a valid ragseam report:\n  ${checked.problems.join('\n  ')}`}`,
    {
      hint: 'give a JSON report written by ragseam probe --out or ragseam merge',
    },
  );
}
