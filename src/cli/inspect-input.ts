import { readFileSync } from 'node:fs';
import { loadRows } from '../dataset/load-dataset.js';
import { parsePassageText } from '../dataset/passage-text.js';
import { loadPool, substituteRow } from '../dataset/pool.js';
import { readTextFile } from '../dataset/read-text.js';
import { UsageError } from '../model/errors.js';
import type { QuestionResult, Report } from '../model/report.js';
import type { Item } from '../model/types.js';
import { inspectQuestion } from '../report/inspect-data.js';
import { renderInspection } from '../report/inspect-text.js';
import { type CliIO, chalkFor, terminalColumns } from './io.js';

/** The id the inspected question gets in the report. */
export const INSPECTED_ID = 'inspect';

/** The flags of `inspect` that say what to ask. */
export interface InspectInputFlags {
  readonly question?: string;
  readonly passage?: readonly string[];
  readonly passages?: string;
  readonly answer?: readonly string[];
  readonly pool?: string;
  readonly substitute?: string;
  readonly retriever?: string;
  readonly corpus?: string;
}

function readStdin(): string {
  return readFileSync(0, 'utf8');
}

/**
 * A question piped in: a JSON row (ragseam, RAGAS or RAGChecker fields), or plain text whose
 * first paragraph is the question and whose other paragraphs are the passages.
 */
async function itemFromText(text: string): Promise<Item> {
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError('stdin is empty', { hint: 'pipe in a JSON row or a question' });
  if (trimmed.startsWith('{')) {
    const [item] = await loadRows([JSON.parse(trimmed) as unknown], '(stdin)', 'auto');
    return { ...(item as Item), id: INSPECTED_ID };
  }
  const [question = '', ...rest] = trimmed.split(/\n\s*\n/);
  return {
    id: INSPECTED_ID,
    question: question.trim(),
    answers: [],
    passages: parsePassageText(rest.join('\n\n'), '(stdin)'),
    line: 1,
  };
}

/** The inspected question: from the flags, or from stdin (`-`, or piped with no --question). */
export async function inspectedItem(
  flags: InspectInputFlags,
  input: string | undefined,
  stdinIsTTY: boolean,
): Promise<Item> {
  // Without `-`, stdin is read only when something was piped in (not a terminal, not empty).
  const implicit = flags.question === undefined && !stdinIsTTY && input === undefined ? readStdin() : '';
  const piped =
    input === '-'
      ? await itemFromText(readStdin())
      : implicit.trim() === ''
        ? undefined
        : await itemFromText(implicit);
  const question = flags.question ?? piped?.question;
  if (question === undefined || question.trim() === '') {
    throw new UsageError('inspect needs a question', {
      hint: 'ragseam inspect -q "Who wrote Middlemarch?" --passage "Middlemarch is a novel by George Eliot." -g <spec>',
    });
  }
  const passages = [
    ...(piped?.passages ?? []),
    ...(flags.passages === undefined
      ? []
      : parsePassageText(
          flags.passages === '-' ? readStdin() : readTextFile(flags.passages),
          flags.passages,
        )),
    ...(flags.passage ?? []).map((text, index) => ({ id: `p${index + 1}`, text })),
  ];
  // Passages from several sources may share ids (p1, p1): number them by rank then.
  const unique = new Set(passages.map((passage) => passage.id)).size === passages.length;
  const ranked = unique ? passages : passages.map((passage, index) => ({ ...passage, id: `p${index + 1}` }));
  if (passages.length === 0 && (flags.retriever === undefined || flags.retriever === 'dataset')) {
    throw new UsageError('inspect needs passages', {
      hint: 'give --passage "text" (repeatable), --passages <file>, or --retriever bm25:<corpus.jsonl>',
    });
  }
  return {
    ...piped,
    id: INSPECTED_ID,
    question,
    answers: flags.answer ?? piped?.answers ?? [],
    passages: ranked,
    line: 1,
  };
}

/** Where swap, distractor and substitute material comes from: --pool, else the retriever's corpus. */
export async function inspectPool(flags: InspectInputFlags): Promise<Item[]> {
  const corpus =
    flags.pool ??
    (flags.retriever?.startsWith('bm25:') === true ? flags.retriever.slice('bm25:'.length) : undefined) ??
    flags.corpus;
  if (corpus !== undefined) return loadPool(corpus, flags.substitute);
  return flags.substitute === undefined ? [] : [substituteRow(flags.substitute)];
}

/** Prints one question as `inspect` and `explain` show it: the terminal view, or JSON. */
export function printInspection(
  io: CliIO,
  report: Report,
  question: QuestionResult,
  format: 'table' | 'json' | undefined,
): void {
  const inspection = inspectQuestion(report, question);
  io.stdout.write(
    format === 'json'
      ? `${JSON.stringify(inspection, null, 2)}\n`
      : renderInspection(inspection, {
          chalk: chalkFor(io, 'stdout'),
          columns: terminalColumns(io, 'stdout'),
        }),
  );
}
