import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Item, Passage } from '../../src/model/types.js';

/**
 * Loads the public datasets in ../shared/data (read-only, beside the project, never copied into
 * it) as ragseam items, for the validity tests and docs/validity.md. Each loader returns
 * undefined when its file is absent, so tests skip cleanly.
 */
export const SHARED = join(import.meta.dirname, '../../../shared/data');

/** A loaded item with what the validity measurements need beyond ragseam's fields. */
export interface SharedItem extends Item {
  readonly passages: readonly Passage[];
  /** Source document of the passages (Wikipedia title), for same-document checks. */
  readonly document?: string;
  /** CLAPNQ: the passage holds no answer. */
  readonly unanswerable?: boolean;
  /** HaluEval: the hallucinated answer; ConflictNQ: the fake short answer. */
  readonly wrongAnswer?: string;
  /** ConflictNQ: the long-form real answer. */
  readonly longAnswer?: string;
}

function lines(path: string): unknown[] {
  const raw = path.endsWith('.gz')
    ? gunzipSync(readFileSync(path)).toString('utf8')
    : readFileSync(path, 'utf8');
  return raw
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

function present(path: string): boolean {
  if (existsSync(path)) return true;
  console.warn(`skipping: ${path} is absent (the shared data ships beside the project, not in it)`);
  return false;
}

interface NqRow {
  question: string;
  answers: string[];
  ctxs: { title: string; text: string }[];
}

export function loadNq(): SharedItem[] | undefined {
  const path = join(SHARED, 'nq-open-oracle/nq-open-oracle.jsonl.gz');
  if (!present(path)) return undefined;
  return (lines(path) as NqRow[]).map((row, index) => ({
    id: `nq-${index + 1}`,
    question: row.question,
    answers: row.answers,
    passages: row.ctxs.map((ctx, rank) => ({
      id: `nq-${index + 1}-${rank + 1}`,
      title: ctx.title,
      text: ctx.text,
    })),
    document: row.ctxs[0]?.title ?? '',
    line: index + 1,
  }));
}

interface ConflictRow {
  id: string;
  question: string;
  real_answer: string;
  real_short_answer: string;
  fake_short_answer: string;
  real_passages: { passage: string; summary: string }[];
}

export function loadConflictNq(): SharedItem[] | undefined {
  const paths = ['val', 'test'].map((split) => join(SHARED, `conflictnq/conflict_nq_${split}.jsonl`));
  if (!paths.every(present)) return undefined;
  return paths
    .flatMap((path) => lines(path) as ConflictRow[])
    .map((row, index) => ({
      id: `cnq-${row.id}`,
      question: row.question,
      answers: [row.real_short_answer],
      passages: row.real_passages.map((p, rank) => ({
        id: `cnq-${row.id}-${rank + 1}`,
        title: p.summary,
        text: p.passage,
      })),
      document: row.real_passages[0]?.summary ?? '',
      wrongAnswer: row.fake_short_answer,
      longAnswer: row.real_answer,
      line: index + 1,
    }));
}

interface SquadFile {
  data: {
    title: string;
    paragraphs: { context: string; qas: { id: string; question: string; answers: { text: string }[] }[] }[];
  }[];
}

export function loadXquad(): SharedItem[] | undefined {
  const path = join(SHARED, 'xquad-en/xquad.en.json');
  if (!present(path)) return undefined;
  const file = JSON.parse(readFileSync(path, 'utf8')) as SquadFile;
  const items: SharedItem[] = [];
  for (const article of file.data) {
    article.paragraphs.forEach((paragraph, p) => {
      for (const qa of paragraph.qas) {
        items.push({
          id: `xq-${qa.id}`,
          question: qa.question,
          answers: [...new Set(qa.answers.map((a) => a.text))],
          passages: [{ id: `xq-${article.title}-${p + 1}`, title: article.title, text: paragraph.context }],
          document: article.title,
          line: items.length + 1,
        });
      }
    });
  }
  return items;
}

interface ClapRow {
  id: string;
  input: string;
  passages: { title: string; text: string }[];
  output: { answer: string }[];
}

export function loadClapnq(kind: 'answerable' | 'unanswerable'): SharedItem[] | undefined {
  const path = join(SHARED, `clapnq-dev/clapnq_dev_${kind}.jsonl`);
  if (!present(path)) return undefined;
  return (lines(path) as ClapRow[]).map((row, index) => ({
    id: `clap-${row.id}`,
    question: row.input,
    answers: row.output.map((o) => o.answer).filter((a) => a.trim() !== ''),
    passages: row.passages.map((p, rank) => ({
      id: `clap-${row.id}-${rank + 1}`,
      title: p.title,
      text: p.text,
    })),
    document: row.passages[0]?.title ?? '',
    unanswerable: kind === 'unanswerable',
    line: index + 1,
  }));
}

interface HaluRow {
  knowledge: string;
  question: string;
  right_answer: string;
  hallucinated_answer: string;
}

export function loadHaluEval(): SharedItem[] | undefined {
  const path = join(SHARED, 'halueval-qa/qa_one-turn_data.json');
  if (!present(path)) return undefined;
  return (lines(path) as HaluRow[]).map((row, index) => ({
    id: `halu-${index + 1}`,
    question: row.question,
    answers: [row.right_answer],
    passages: [{ id: `halu-${index + 1}-1`, text: row.knowledge }],
    wrongAnswer: row.hallucinated_answer,
    line: index + 1,
  }));
}
