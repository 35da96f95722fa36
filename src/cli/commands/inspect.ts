import type { Command } from 'commander';
import { FORMAT_HELP, STDOUT_FORMATS } from '../io.js';
import { collect, oneOf } from '../parse.js';
import { addProbeFlags } from '../probe-flags.js';
import type { CommandContext } from './context.js';
import type { InspectFlags } from './run-inspect.js';

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
  // The engine, the dataset readers and the reporters load only when the command runs.
  command.action(async (input: string | undefined, flags: InspectFlags) => {
    const { runInspect } = await import('./run-inspect.js');
    await runInspect(command, input, flags, context);
  });
}
