import type { Command } from 'commander';
import { runAudit } from '../../engine/audit.js';
import { UsageError } from '../../model/errors.js';
import type { Item } from '../../model/types.js';
import {
  INSPECTED_ID,
  type InspectInputFlags,
  inspectedItem,
  inspectPool,
  printInspection,
} from '../inspect-input.js';
import { inspectLoop } from '../inspect-loop.js';
import { FORMAT_HELP, isFancyTerminal, progressFor, STDOUT_FORMATS } from '../io.js';
import { collect, oneOf } from '../parse.js';
import { addProbeFlags } from '../probe-flags.js';
import type { CommandContext } from './context.js';
import { resolveProbe } from './probe.js';

const EXAMPLES = `
Examples:
  $ ragseam inspect -q "What is the capital of Alabama?" --answer Montgomery \\
      --passage "Montgomery is the capital of Alabama." --passage "Birmingham is its largest city." \\
      --pool corpus.jsonl -g openai:gpt-4o-mini
  $ ragseam inspect -q "Who keeps Varn Lighthouse?" -r bm25:corpus.jsonl -g "exec:python3 reader.py"
  $ printf 'Who wrote it?\\n\\nAnn wrote it.\\n\\nBob read it.\\n' | ragseam inspect - -g "exec:python3 reader.py"
  $ ragseam inspect -i -q "Who keeps Varn Lighthouse?" --passage "Ilse Marrow keeps it." -g openai:gpt-4o-mini
`;

export function registerInspect(program: Command, context: CommandContext): void {
  const command = program
    .command('inspect')
    .description('probe one question typed on the command line and show what each probe did to its answer')
    .argument(
      '[input]',
      '- to read the question (a JSON row, or text: question, blank line, passages) from stdin',
    )
    .optionsGroup('The question:')
    .option('-q, --question <text>', 'the question to ask')
    .option('--passage <text>', 'a retrieved passage, in rank order (repeatable)', collect)
    .option(
      '--passages <file>',
      'passages: JSON Lines, JSON array, or plain text with blank lines between (- for stdin)',
    )
    .option('-a, --answer <text>', 'a gold answer (repeatable)', collect)
    .option(
      '--pool <file>',
      'corpus or dataset to draw swap, distractor and corrupt material from (default: the bm25 corpus)',
    )
    .option('--substitute <text>', 'the fact the corrupt probe plants in place of the answer')
    .option('--format <format>', FORMAT_HELP, oneOf(STDOUT_FORMATS))
    .option('-i, --interactive', 'then edit a passage or the question, re-ask, and see what changed');
  addProbeFlags(command, 'inspect');
  command.addHelpText('after', EXAMPLES);
  command.action(
    async (
      input: string | undefined,
      flags: InspectInputFlags & { format?: 'table' | 'json'; interactive?: boolean },
    ) => {
      const { io } = context;
      if (flags.interactive === true && (input === '-' || flags.passages === '-')) {
        throw new UsageError(
          'inspect -i reads its commands from stdin, so the question cannot come from there',
          {
            hint: 'give -q and --passage (or --passages <file>)',
          },
        );
      }
      // With -i, stdin holds the commands: never read the question from it.
      const item = await inspectedItem(
        flags,
        input,
        process.stdin.isTTY === true || flags.interactive === true,
      );
      const pool = await inspectPool(flags);
      const progress = progressFor(io);
      const options = resolveProbe(
        command,
        '(inspect)',
        context,
        isFancyTerminal(io, 'stderr') ? (update) => progress.update(update) : undefined,
      );
      const ask = async (asked: Item) => {
        const report = await runAudit(options, [asked, ...pool], new Set([INSPECTED_ID])).finally(() =>
          progress.clear(),
        );
        const question = report.questions.find((q) => q.id === INSPECTED_ID);
        if (question === undefined) throw new Error('the inspected question is missing from the report');
        printInspection(context.io, report, question, flags.format);
        return question;
      };
      const question = await ask(item);
      if (flags.interactive === true) await inspectLoop(io, { item, question }, ask, context.signal);
    },
  );
}
