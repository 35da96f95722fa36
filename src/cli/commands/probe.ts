import type { Command } from 'commander';
import { addProbeFlags, type OutputFlags } from '../probe-flags.js';
import type { CommandContext } from './context.js';

const PROBE_EXAMPLES = `
Examples:
  $ ragseam probe eval.jsonl -g "exec:python3 reader.py"                  # a table on the terminal
  $ ragseam probe eval.jsonl -g openai:gpt-4o-mini --dry-run --price-per-1k 0.15
  $ ragseam probe eval.jsonl -g openai:gpt-4o-mini --out report.json \\
      --fail-under reliance=0.7 --max instability=0.1 --gate-on lower-bound   # a CI gate
  $ ragseam probe ragas_eval.csv -g "exec:python3 reader.py" --html report.html
  $ ragseam explain report.json <id>                                      # one question in detail
`;

export function registerProbe(program: Command, context: CommandContext): void {
  const command = program
    .command('probe')
    .description('run the counterfactual probes on a dataset and report the context-reliance score')
    .argument('<dataset>', 'JSON Lines file (plain or .gz): {"id"?, "question", "answers"?, "passages"?}');
  addProbeFlags(command);
  command.addHelpText('after', PROBE_EXAMPLES);
  // The engine and the reporters load only when the command runs, not for --help.
  command.action(async (dataset: string, flags: OutputFlags) => {
    const { runProbe } = await import('./run-probe.js');
    await runProbe(command, dataset, flags, context);
  });
}
