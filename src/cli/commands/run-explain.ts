import { InputError } from '../../model/errors.js';
import { readReport } from '../../verdicts/read-report.js';
import { printInspection } from '../inspect-input.js';
import type { CommandContext } from './context.js';

/** How many of a report's first ids the hint of an unknown id shows. */
const HINTED_IDS = 5;

/** `ragseam explain`: prints one question of a report. */
export function runExplain(
  file: string,
  id: string,
  flags: { format?: 'table' | 'json' },
  context: CommandContext,
): void {
  // Only the question asked for and the first few (for the hint): a report can hold a million.
  const report = readReport(file, {
    keep: (question, index) => index < HINTED_IDS || (question as { id?: unknown } | null)?.id === id,
  });
  const question = report.questions.find((q) => q.id === id);
  if (question === undefined) {
    const sample = report.questions
      .slice(0, HINTED_IDS)
      .map((q) => q.id)
      .join(', ');
    throw new InputError(`${file}: no question with id "${id}"`, { hint: `ids look like: ${sample}` });
  }
  printInspection(context.io, report, question, flags.format);
}
