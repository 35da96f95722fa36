import type { Command } from 'commander';
import type { AuditOptions } from '../../config/audit-options.js';
import { loadConfig } from '../../config/config-file.js';
import { resolveAuditOptions } from '../../config/resolve-options.js';
import { settingsFromConfig, settingsFromEnv } from '../../config/settings-layers.js';
import { runAudit } from '../../engine/audit.js';
import { estimateAudit } from '../../engine/estimate-audit.js';
import type { Report } from '../../model/report.js';
import { costOf, renderDryRun } from '../../report/dry-run-text.js';
import { renderHtml } from '../../report/html.js';
import { renderJson, renderJsonPieces } from '../../report/json.js';
import { renderJunit } from '../../report/junit.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderTable } from '../../report/table.js';
import { readReport } from '../../verdicts/read-report.js';
import { checkErrorRate, compareWithBaseline } from '../../verdicts/run-policy.js';
import { flagLayer } from '../flag-layer.js';
import { type CliIO, chalkFor, progressFor, stdoutFormat, terminalColumns } from '../io.js';
import { isStdoutPath, writeOutput } from '../output-file.js';
import { GuardedText } from '../output-guard.js';
import { addProbeFlags, type OutputFlags } from '../probe-flags.js';
import { guardProbe } from '../probe-guards.js';
import { openQuestionSpill, type QuestionSpill } from '../question-spill.js';
import { writeGateVerdict } from '../verdict-lines.js';
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
      cleanOutput: (text: string) => io.guard.clean(text),
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
  const wantsComparison = flags.html !== undefined || flags.markdown !== undefined;
  const comparison =
    flags.baseline === undefined || !wantsComparison
      ? undefined
      : compareWithBaseline(report, flags.baseline);
  const withComparison = comparison === undefined ? {} : { comparison };
  if (flags.html !== undefined) writeOutput(io, '--html', flags.html, renderHtml(report, withComparison));
  if (flags.markdown !== undefined) {
    writeOutput(io, '--markdown', flags.markdown, renderMarkdown(report, withComparison), true);
  }
}

/** A spill's questions, which passed the output guard as they were spilled. */
function* guarded(spill: QuestionSpill): Generator<GuardedText> {
  for (const text of spill.rendered()) yield new GuardedText(text);
}

/** How many of the worst questions the table lists (a streamed run keeps only those). */
const WORST_SHOWN = 5;

/**
 * Writes the report where the flags say, then checks the error share and the gates. With `spill`,
 * the report's questions are in it: the JSON is assembled from it piece by piece and the table
 * reads only the worst few, so memory stays flat; the HTML, Markdown and JUnit reports show every
 * question, so asking for one reads them all back.
 */
export function deliverReport(
  report: Report,
  flags: OutputFlags,
  maxErrorRate: number,
  io: CliIO,
  spill?: QuestionSpill,
): number {
  const everyQuestion = flags.html !== undefined || flags.markdown !== undefined || flags.junit !== undefined;
  if (spill !== undefined && everyQuestion)
    return deliverReport({ ...report, questions: spill.readAll() }, flags, maxErrorRate, io);
  const json = () => (spill === undefined ? renderJson(report) : renderJsonPieces(report, guarded(spill)));
  const format = stdoutFormat(flags.format, flags.out);
  // `--out -` alone means the JSON on stdout; with `--format table` it comes before the table.
  if (flags.out !== undefined && !(isStdoutPath(flags.out) && format === 'json'))
    writeOutput(io, '--out', flags.out, json());
  writeExtraReports(report, flags, io);
  if (format === 'json') writeOutput(io, 'stdout', '-', json());
  else {
    const shown = spill === undefined ? report : { ...report, questions: spill.sample() };
    io.stdout.write(
      renderTable(shown, {
        chalk: chalkFor(io, 'stdout'),
        columns: terminalColumns(io, 'stdout'),
        worst: WORST_SHOWN,
      }),
    );
  }
  checkErrorRate(report, maxErrorRate);
  return writeGateVerdict(io, report.gates);
}

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
  command.action(async (dataset: string, flags: OutputFlags) => {
    const { io } = context;
    const progress = progressFor(io);
    const options = resolveProbe(command, dataset, context, (update) => progress.update(update));
    if (flags.dryRun === true) {
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
    // A baseline that cannot be read fails now, not after the whole run.
    if (flags.baseline !== undefined) readReport(flags.baseline);
    // Each question goes to a temporary file as soon as it is scored: memory stays flat.
    const spill = openQuestionSpill(io.guard, WORST_SHOWN);
    try {
      const report = await runAudit(options, undefined, undefined, (question) => spill.add(question)).finally(
        () => progress.clear(),
      );
      context.setExitCode(deliverReport(report, flags, options.verdict.maxErrorRate, io, spill));
    } finally {
      spill.close();
    }
  });
}
