import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { renderExplanation } from '../../report/explain.js';
import { readReport } from '../../verdicts/read-report.js';
import { chalkFor } from '../io.js';
import type { CommandContext } from './context.js';

export function registerExplain(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .description("show one question of a report: passages by rank, each probe's answer, the diagnosis")
    .argument('<report>', 'JSON report written by probe --out')
    .argument('<id>', 'question id')
    .action((file: string, id: string) => {
      const report = readReport(file);
      const question = report.questions.find((q) => q.id === id);
      if (question === undefined) {
        const sample = report.questions
          .slice(0, 5)
          .map((q) => q.id)
          .join(', ');
        throw new InputError(`${file}: no question with id "${id}"`, { hint: `ids look like: ${sample}` });
      }
      context.io.stdout.write(renderExplanation(report, question, chalkFor(context.io, 'stdout')));
    });
}
