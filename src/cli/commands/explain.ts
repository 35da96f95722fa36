import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import type { Report } from '../../model/report.js';
import { renderExplanation } from '../../report/explain.js';
import { chalkFor } from '../io.js';
import type { CommandContext } from './context.js';

/** Reads a JSON report written by `probe --out`. */
export function readReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const candidate = report as Partial<Report>;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.schemaVersion !== 1 ||
    !Array.isArray(candidate.questions)
  ) {
    throw new InputError(`${file}: not a ragseam report (expected "schemaVersion": 1 and "questions")`);
  }
  return report as Report;
}

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
