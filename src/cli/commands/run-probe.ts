import type { Command } from 'commander';
import { runAudit } from '../../engine/audit.js';
import { chalkFor, progressFor, stdoutFormat } from '../io.js';
import type { OutputFlags } from '../probe-flags.js';
import { openQuestionSpill } from '../question-spill.js';
import { deliverReport, WORST_SHOWN } from '../report-delivery.js';
import { resolveProbe } from '../resolve-probe.js';
import type { CommandContext } from './context.js';

/** `ragseam probe`: the dry run, or the audit with its report delivered where the flags say. */
export async function runProbe(
  command: Command,
  dataset: string,
  flags: OutputFlags,
  context: CommandContext,
): Promise<void> {
  const { io } = context;
  const progress = progressFor(io);
  const options = await resolveProbe(command, dataset, context, (update) => progress.update(update));
  if (flags.dryRun === true) {
    const [{ estimateAudit }, { costOf, renderDryRun }] = await Promise.all([
      import('../../engine/estimate-audit.js'),
      import('../../report/dry-run-text.js'),
    ]);
    const estimate = await estimateAudit(options);
    const { pricePer1k } = flags;
    const priced =
      pricePer1k === undefined
        ? estimate
        : { ...estimate, pricePer1k, promptCostUsd: costOf(estimate.promptTokens, pricePer1k) };
    io.stdout.write(
      stdoutFormat(flags.format, flags.out) === 'json'
        ? `${JSON.stringify(priced, null, 2)}\n`
        : renderDryRun(estimate, chalkFor(io, 'stdout'), pricePer1k),
    );
    return;
  }
  // A baseline that cannot be read fails now, not after the whole run (the reader loads only then);
  // every question is checked and none is kept.
  if (flags.baseline !== undefined)
    (await import('../../verdicts/read-report.js')).readReportQuestions(flags.baseline, () => undefined);
  // Each question goes to a temporary file as soon as it is scored: memory stays flat.
  const spill = openQuestionSpill(io.guard, WORST_SHOWN);
  try {
    const report = await runAudit(options, undefined, undefined, (question) => spill.add(question)).finally(
      () => progress.clear(),
    );
    context.setExitCode(await deliverReport(report, flags, options.verdict.maxErrorRate, io, spill));
  } finally {
    spill.close();
  }
}
