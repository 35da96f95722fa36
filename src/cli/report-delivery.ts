import type { Report } from '../model/report.js';
import { renderJsonAround, renderJsonPieces } from '../report/json.js';
import { renderTable } from '../report/table.js';
import { checkErrorRate } from '../verdicts/error-rate.js';
import { type CliIO, chalkFor, stdoutFormat, terminalColumns } from './io.js';
import { writeOutput } from './output-file.js';
import { GuardedText } from './output-guard.js';
import type { OutputFlags } from './probe-flags.js';
import type { QuestionSpill } from './question-spill.js';
import { isStdoutPath } from './stdout-path.js';
import { writeGateVerdict } from './verdict-lines.js';

/**
 * Writes the JUnit, Markdown and HTML reports the flags ask for. Each reporter (and the baseline
 * comparison) loads only when its report is asked for, so a plain run does not pay for them.
 */
export async function writeExtraReports(report: Report, flags: OutputFlags, io: CliIO): Promise<void> {
  if (flags.junit !== undefined) {
    const { renderJunit } = await import('../report/junit.js');
    writeOutput(io, '--junit', flags.junit, renderJunit(report));
  }
  const wantsComparison = flags.html !== undefined || flags.markdown !== undefined;
  const comparison =
    flags.baseline === undefined || !wantsComparison
      ? undefined
      : (await import('../verdicts/run-policy.js')).compareWithBaseline(report, flags.baseline);
  const withComparison = comparison === undefined ? {} : { comparison };
  if (flags.html !== undefined) {
    const { renderHtml } = await import('../report/html.js');
    writeOutput(io, '--html', flags.html, renderHtml(report, withComparison));
  }
  if (flags.markdown !== undefined) {
    const { renderMarkdown } = await import('../report/markdown.js');
    writeOutput(io, '--markdown', flags.markdown, renderMarkdown(report, withComparison), true);
  }
}

/**
 * The JSON report around a spill's questions, which are copied from the spill as they are: their
 * bytes passed the output guard when they were spilled, each after its separator.
 */
function* spilledJson(report: Report, spill: QuestionSpill): Generator<string | GuardedText> {
  const { head, tail } = renderJsonAround(report);
  yield head;
  for (const block of spill.blocks()) yield new GuardedText(block);
  yield spill.size === 0 ? tail : `\n  ${tail}`;
}

/** How many of the worst questions the table lists (a streamed run keeps only those). */
export const WORST_SHOWN = 5;

/**
 * Writes the report where the flags say, then checks the error share and the gates. With `spill`,
 * the report's questions are in it: the JSON is assembled from it piece by piece and the table
 * reads only the worst few, so memory stays flat; the HTML, Markdown and JUnit reports show every
 * question, so asking for one reads them all back.
 */
export async function deliverReport(
  report: Report,
  flags: OutputFlags,
  maxErrorRate: number,
  io: CliIO,
  spill?: QuestionSpill,
): Promise<number> {
  const everyQuestion = flags.html !== undefined || flags.markdown !== undefined || flags.junit !== undefined;
  if (spill !== undefined && everyQuestion)
    return deliverReport({ ...report, questions: spill.readAll() }, flags, maxErrorRate, io);
  const json = () => (spill === undefined ? renderJsonPieces(report) : spilledJson(report, spill));
  const format = stdoutFormat(flags.format, flags.out);
  // `--out -` alone means the JSON on stdout; with `--format table` it comes before the table.
  if (flags.out !== undefined && !(isStdoutPath(flags.out) && format === 'json'))
    writeOutput(io, '--out', flags.out, json());
  await writeExtraReports(report, flags, io);
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
