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
import { isFancyTerminal, progressFor } from '../io.js';
import { resolveProbe } from '../resolve-probe.js';
import type { CommandContext } from './context.js';

/** The flags of `inspect`. */
export type InspectFlags = InspectInputFlags & { format?: 'table' | 'json'; interactive?: boolean };

/** `ragseam inspect`: probes one question, prints what each probe did, then with -i loops. */
export async function runInspect(
  command: Command,
  input: string | undefined,
  flags: InspectFlags,
  context: CommandContext,
): Promise<void> {
  const { io } = context;
  if (flags.interactive === true && (input === '-' || flags.passages === '-')) {
    throw new UsageError('inspect -i reads its commands from stdin, so the question cannot come from there', {
      hint: 'give -q and --passage (or --passages <file>)',
    });
  }
  // With -i, stdin holds the commands: never read the question from it.
  const item = await inspectedItem(flags, input, process.stdin.isTTY === true || flags.interactive === true);
  const pool = await inspectPool(flags);
  const progress = progressFor(io);
  const options = await resolveProbe(
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
}
