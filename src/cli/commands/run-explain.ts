import { InputError } from '../../model/errors.js';
import { readReport } from '../../verdicts/read-report.js';
import { printInspection } from '../inspect-input.js';
import type { CommandContext } from './context.js';

/** `ragseam explain`: prints one question of a report. */
export function runExplain(
  file: string,
  id: string,
  flags: { format?: 'table' | 'json' },
  context: CommandContext,
): void {
  const report = readReport(file);
  const question = report.questions.find((q) => q.id === id);
  if (question === undefined) {
    const sample = report.questions
      .slice(0, 5)
      .map((q) => q.id)
      .join(', ');
    throw new InputError(`${file}: no question with id "${id}"`, { hint: `ids look like: ${sample}` });
  }
  printInspection(context.io, report, question, flags.format);
}
