import type { Command } from 'commander';
import type { AuditOptions } from '../../config/audit-options.js';
import { loadConfig } from '../../config/config-file.js';
import { resolveAuditOptions } from '../../config/resolve-options.js';
import { settingsFromConfig, settingsFromEnv } from '../../config/settings-layers.js';
import { runAudit } from '../../engine/audit.js';
import { estimateAudit } from '../../engine/estimate-audit.js';
import type { Report } from '../../model/report.js';
import { renderDryRun } from '../../report/dry-run-text.js';
import { renderHtml } from '../../report/html.js';
import { renderJson } from '../../report/json.js';
import { renderJunit } from '../../report/junit.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderTable } from '../../report/table.js';
import { readReport } from '../../verdicts/read-report.js';
import { checkErrorRate, compareWithBaseline, gatesPassed } from '../../verdicts/run-policy.js';
import { type CliIO, chalkFor, stdoutFormat } from '../io.js';
import { writeOutput } from '../output-file.js';
import { addProbeFlags, flagLayer, type OutputFlags } from '../probe-flags.js';
import { guardProbe } from '../probe-guards.js';
import { ProgressBar } from '../progress.js';
import type { CommandContext } from './context.js';

/**
 * Resolves `probe`'s audit options from its flags, the environment and the config file (in that
 * order of precedence), plus what only the CLI provides: the signal, progress, the version.
 */
export function resolveProbe(
  command: Command,
  dataset: string,
  context: CommandContext,
  onProgress: AuditOptions['environment']['onProgress'],
): AuditOptions {
  const { io } = context;
  const flags = command.opts<OutputFlags>();
  const loaded = loadConfig(flags.config ?? (io.env.RAGSEAM_CONFIG || undefined), process.cwd());
  const options = resolveAuditOptions({
    flags: {
      ...flagLayer(command),
      dataset,
      env: io.env,
      signal: context.signal,
      version: context.version,
      ...(onProgress === undefined ? {} : { onProgress }),
      onNotice: (message: string) => io.stderr.write(`note: ${message}\n`),
      ...(flags.debug === true
        ? { debugLog: (line: string) => io.stderr.write(`[generator] ${line}\n`) }
        : {}),
    },
    env: settingsFromEnv(io.env),
    file: settingsFromConfig(loaded.config),
  });
  guardProbe(io, options, loaded, flags);
  return options;
}

/** Writes the JUnit, Markdown and HTML reports the flags ask for. */
export function writeExtraReports(report: Report, flags: OutputFlags, io: CliIO): void {
  if (flags.junit !== undefined) writeOutput(io, '--junit', flags.junit, renderJunit(report));
  if (flags.html !== undefined) writeOutput(io, '--html', flags.html, renderHtml(report));
  if (flags.markdown !== undefined) {
    const comparison = flags.baseline === undefined ? undefined : compareWithBaseline(report, flags.baseline);
    writeOutput(
      io,
      '--markdown',
      flags.markdown,
      renderMarkdown(report, comparison === undefined ? {} : { comparison }),
      true,
    );
  }
}

/** Writes the report where the flags say, then checks the error share and the gates. */
export function deliverReport(report: Report, flags: OutputFlags, maxErrorRate: number, io: CliIO): number {
  if (flags.out !== undefined) writeOutput(io, '--out', flags.out, renderJson(report));
  writeExtraReports(report, flags, io);
  io.stdout.write(
    stdoutFormat(flags.format, io) === 'json'
      ? renderJson(report)
      : renderTable(report, { chalk: chalkFor(io, 'stdout') }),
  );
  checkErrorRate(report, maxErrorRate);
  return gatesPassed(report) ? 0 : 1;
}

export function registerProbe(program: Command, context: CommandContext): void {
  const command = program
    .command('probe')
    .description('run the counterfactual probes on a dataset and report the context-reliance score')
    .argument('<dataset>', 'JSON Lines file (plain or .gz): {"id"?, "question", "answers"?, "passages"?}');
  addProbeFlags(command);
  command.action(async (dataset: string, flags: OutputFlags) => {
    const { io } = context;
    const progress = new ProgressBar(io.progress, io.stderrIsTTY);
    const options = resolveProbe(command, dataset, context, ({ phase, done, total }) =>
      progress.update(phase, done, total),
    );
    if (flags.dryRun === true) {
      const estimate = await estimateAudit(options);
      io.stdout.write(
        stdoutFormat(flags.format, io) === 'json'
          ? `${JSON.stringify(estimate, null, 2)}\n`
          : renderDryRun(estimate, chalkFor(io, 'stdout')),
      );
      return;
    }
    // A baseline that cannot be read fails now, not after the whole run.
    if (flags.baseline !== undefined) readReport(flags.baseline);
    const report = await runAudit(options).finally(() => progress.clear());
    context.setExitCode(deliverReport(report, flags, options.verdict.maxErrorRate, io));
  });
}
