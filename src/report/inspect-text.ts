import type { ChalkInstance } from 'chalk';
import { attributionTextLines, markSpans, topSpansOf } from './attribution-view.js';
import { formatShare, truncate } from './format.js';
import type { ChangeSnippet, InspectedPassage, InspectedProbe, Inspection } from './inspect-data.js';

/** Options of the inspection view. */
export interface InspectTextOptions {
  readonly chalk: ChalkInstance;
  /** Width to wrap passages to (the terminal's). */
  readonly columns?: number;
}

/** Longest passage text shown, in characters; the JSON output has all of it. */
const PASSAGE_CHARS = 600;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching colour codes is the point
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string) => text.replace(ANSI, '').length;
// Keeps a phrase on one line when wrapping; turned back into spaces afterwards.
const GLUE = '\u00a0';

/** Greedy word wrap to `width` visible columns (colour codes take none), every line prefixed with `indent`. */
export function wrapText(text: string, width: number, indent: string): string[] {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const word of text
    .replace(/[ \t\r\n]+/g, ' ')
    .trim()
    .split(' ')) {
    if (line !== '' && visibleLength(line) + 1 + visibleLength(word) > room) {
      lines.push(indent + line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.map((wrapped) => wrapped.replaceAll(GLUE, ' '));
}

/** The corrupted text as an inline diff: struck-out red target, green substitute; `[a → b]` without colour. */
export function renderSnippet(snippet: ChangeSnippet, chalk: ChalkInstance): string {
  const glued = (text: string) => text.replace(/\s+/g, GLUE);
  const change =
    chalk.level === 0
      ? glued(`[${snippet.target} → ${snippet.substitute}]`)
      : `${chalk.red.strikethrough(glued(snippet.target))}${chalk.green(glued(snippet.substitute))}`;
  return snippet.pieces.map((piece) => piece.replace(/\s+/g, ' ')).join(change);
}

function outcome(probe: InspectedProbe, chalk: ChalkInstance): string {
  if (!probe.applicable) return chalk.dim(`not applicable: ${probe.reason ?? ''}`);
  if (probe.error !== undefined) return chalk.red(`error: ${probe.error}`);
  const verdict = probe.changed === true ? chalk.yellow('changed') : chalk.dim('same');
  const detail =
    probe.outcome !== undefined
      ? ` (${probe.outcome})`
      : probe.correct === undefined
        ? ''
        : ` (${probe.correct ? 'right' : 'wrong'})`;
  return `→ ${JSON.stringify(probe.answer ?? '')} ${verdict}${detail}`;
}

function probeLines(probe: InspectedProbe, chalk: ChalkInstance, columns: number): string[] {
  const head = `  ${chalk.bold(probe.probe.padEnd(14))}${probe.change === '' ? '' : `${probe.change}  `}${outcome(probe, chalk)}`;
  if (probe.snippet === undefined) return [head];
  return [head, ...wrapText(renderSnippet(probe.snippet, chalk), columns, ' '.repeat(16))];
}

/** The passage text as shown: cut to PASSAGE_CHARS, its top attributed sentences highlighted. */
function passageText(passage: InspectedPassage, inspection: Inspection, chalk: ChalkInstance): string {
  const spans = topSpansOf(inspection.attribution, passage.rank);
  if (spans.length === 0) return truncate(passage.text, PASSAGE_CHARS);
  const shown = passage.text.slice(0, PASSAGE_CHARS);
  // Word by word, so the highlighted sentence still wraps.
  const mark =
    chalk.level === 0
      ? (piece: string) => `«${piece}»`
      : (piece: string) => piece.replace(/\S+/g, (word) => chalk.bgYellow.black(word));
  return `${markSpans(shown, spans, mark)}${shown.length < passage.text.length ? '…' : ''}`;
}

function passageLines(
  passage: InspectedPassage,
  inspection: Inspection,
  chalk: ChalkInstance,
  columns: number,
): string[] {
  const influence =
    passage.without === null
      ? chalk.dim('influence: not probed')
      : passage.without.changed === null
        ? chalk.red('influence: the call failed')
        : passage.without.changed
          ? chalk.yellow(`influence: without it the answer became ${JSON.stringify(passage.without.answer)}`)
          : chalk.dim('influence: none (the answer stays without it)');
  const utility =
    passage.useful === null
      ? chalk.dim('utility: not probed')
      : passage.useful
        ? chalk.green('utility: right from it alone')
        : chalk.dim('utility: not right from it alone');
  const score = passage.score === undefined ? '' : `score ${passage.score.toFixed(2)} · `;
  const title = passage.title === undefined ? '' : `${chalk.bold(passage.title)} `;
  return [
    `  ${passage.rank}. ${title}${chalk.dim(`(${passage.id})`)}  ${score}${utility} · ${influence}`,
    ...wrapText(passageText(passage, inspection, chalk), columns, '     '),
  ];
}

/** "answer type: person · in this report: person adoption 0.80 (4/5), abstention rate 0.05". */
function typeLines(inspection: Inspection, chalk: ChalkInstance): string[] {
  const { answerType, inReport } = inspection;
  if (answerType === undefined && inReport === undefined) return [];
  const adoption =
    inReport?.adoptionOfType === undefined
      ? []
      : [
          `${inReport.adoptionOfType.type} adoption ${formatShare(inReport.adoptionOfType.value)} (${inReport.adoptionOfType.adopted}/${inReport.adoptionOfType.answered})`,
        ];
  const context =
    inReport === undefined
      ? ''
      : ` · in this report: ${[...adoption, `abstention rate ${formatShare(inReport.abstentionRate)}`].join(', ')}`;
  return [`${chalk.bold('answer type')}: ${answerType ?? 'none (no corrupt probe)'}${context}`];
}

/** The inspection view for a terminal: passages, one line per probe, the verdict in one sentence. */
export function renderInspection(inspection: Inspection, options: InspectTextOptions): string {
  const { chalk } = options;
  const columns = Math.max(options.columns ?? 80, 40);
  const gold =
    inspection.answers.length === 0
      ? chalk.dim('none')
      : inspection.answers.map((a) => JSON.stringify(a)).join(', ');
  const lines = [
    `${chalk.bold('question')} ${chalk.dim(`(${inspection.id})`)}: ${inspection.question}`,
    `gold answers: ${gold} · generator: ${inspection.generator} · retriever: ${inspection.retriever}`,
    '',
    chalk.bold('passages by rank'),
    ...(inspection.passages.length === 0 ? [chalk.dim('  (none)')] : []),
    ...inspection.passages.flatMap((passage) => passageLines(passage, inspection, chalk, columns)),
    ...(inspection.gold === undefined
      ? []
      : [
          '',
          chalk.bold(`gold evidence${inspection.gold.inferred ? ' (inferred from the corpus)' : ''}`),
          ...inspection.gold.passages.flatMap((passage) =>
            wrapText(
              `${passage.title === undefined ? '' : `${passage.title}: `}${truncate(passage.text, PASSAGE_CHARS)}`,
              columns,
              '  ',
            ),
          ),
        ]),
    '',
    `${chalk.bold('answer')}: ${inspection.baseline === null ? chalk.red(`error: ${inspection.error ?? ''}`) : JSON.stringify(inspection.baseline)}`,
  ];
  if (inspection.loggedResponse !== undefined) {
    const agreement =
      inspection.replayMatch === undefined
        ? ''
        : inspection.replayMatch
          ? ' (replay agrees)'
          : chalk.yellow(' (replay differs)');
    lines.push(`logged response: ${JSON.stringify(inspection.loggedResponse)}${agreement}`);
  }
  if (inspection.attribution !== undefined)
    lines.push('', ...attributionTextLines(inspection.attribution, chalk, columns));
  lines.push(
    '',
    chalk.bold('probes'),
    ...inspection.probes.flatMap((probe) => probeLines(probe, chalk, columns)),
  );
  lines.push(
    '',
    `${chalk.bold('diagnosis')}: ${inspection.diagnosis} (reliance ${formatShare(inspection.reliance)}, instability ${formatShare(inspection.instability)})`,
    `${chalk.bold('seam')}: ${inspection.seam}`,
    ...typeLines(inspection, chalk),
    `${chalk.bold('verdict')}: ${inspection.verdict}`,
  );
  return `${lines.join('\n')}\n`;
}
