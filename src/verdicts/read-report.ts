import { readJsonFile } from '../dataset/read-text.js';
import { InputError } from '../model/errors.js';
import type { Report } from '../model/report.js';
import { checkReport } from '../model/report-schema.js';

/**
 * Reads a JSON report written by `probe --out` (or `merge`), validated against the report schema:
 * a file that is not a report, or a report of a schema version this ragseam does not read, is an
 * {@link InputError} naming the file and the fields at fault.
 */
export function readReport(file: string): Report {
  const checked = checkReport(readJsonFile(file));
  if ('report' in checked) return checked.report;
  const [first, ...rest] = checked.problems;
  throw new InputError(
    `${file}: ${rest.length === 0 ? first : `not a valid ragseam report:\n  ${checked.problems.join('\n  ')}`}`,
    {
      hint: 'give a JSON report written by ragseam probe --out or ragseam merge',
    },
  );
}
