import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { readReport } from '../../verdicts/read-report.js';
import { printInspection } from '../inspect-input.js';
import { FORMAT_HELP, STDOUT_FORMATS } from '../io.js';
import { oneOf } from '../parse.js';
import type { CommandContext } from './context.js';

export function registerExplain(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .description("show one question of a report: passages by rank, each probe's answer, the diagnosis")
    .argument('<report>', 'JSON report written by probe --out')
    .argument('<id>', 'question id')
    .option('--format <format>', FORMAT_HELP, oneOf(STDOUT_FORMATS))
    .action((file: string, id: string, flags: { format?: 'table' | 'json' }) => {
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
    });
}
