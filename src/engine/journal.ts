import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError, environmentError, InternalError } from '../model/errors.js';
import type { QuestionResult } from '../model/report.js';
import type { ItemList } from '../model/types.js';
import {
  beforeChecksum,
  checkedBody,
  checksumHolds,
  encodeLine,
  keyOf,
  lineReader,
  scanLines,
  sha256,
} from './calls/jsonl-lines.js';
import { encodeRecord } from './record-file.js';

/**
 * What decides every question's result, in two parts: `run` (ragseam's build, the settings, the
 * retriever and corpus, the dataset) and `generator` (its id, fingerprint and cache salt). The
 * journal file is named after both, so `--dry-run`, which starts no generator, can find the
 * journals of its run by the first.
 */
export interface JournalKey {
  readonly run: string;
  readonly generator: string;
}

let build: string | undefined;

/** sha256 of ragseam's own code (not its type declarations): a rebuilt ragseam never serves an older one's results. */
function buildDigest(): string {
  if (build !== undefined) return build;
  const hash = createHash('sha256');
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?[jt]s$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name))
        hash.update(`${path.slice(root.length)}\0`).update(readFileSync(path));
    }
  };
  walk(root);
  build = hash.digest('hex');
  return build;
}

/**
 * sha256 of the dataset's questions in order, each encoded as a record (`encodeRecord`) and
 * followed by a newline: swaps and substitutes draw from all of them. A list that computed it as it
 * was loaded gives it (`ItemList.digest`).
 */
export function datasetDigest(items: ItemList): string {
  if (items.digest !== undefined) return items.digest;
  const hash = createHash('sha256');
  for (let position = 0; position < items.length; position++)
    hash.update(encodeRecord(items.at(position))).update('\n');
  return hash.digest('hex');
}

/** The key of a run's journal; `run` holds every setting that changes a number, as JSON. */
export function journalKey(parts: {
  version: string;
  schemaVersion: number;
  settings: unknown;
  /** `corpus`: the index key of its corpus (a digest of the corpus bytes and the index settings). */
  retriever: { id: string; fingerprint?: string | undefined; corpus?: string | undefined };
  items: ItemList;
  generator: { id: string; fingerprint: string };
}): JournalKey {
  const { retriever } = parts;
  return {
    run: sha256(
      JSON.stringify([
        parts.version,
        parts.schemaVersion,
        buildDigest(),
        parts.settings,
        retriever.id,
        retriever.fingerprint ?? null,
        retriever.corpus ?? null,
        datasetDigest(parts.items),
      ]),
    ),
    generator: sha256(JSON.stringify([parts.generator.id, parts.generator.fingerprint])),
  };
}

/** `results-<run>-<generator>.jsonl`: the journal of one run's key. */
export function journalFile(dir: string, key: JournalKey): string {
  return join(dir, `results-${key.run.slice(0, 20)}-${key.generator.slice(0, 12)}.jsonl`);
}

const SUMMARY_KEY = 'summary';
/** What precedes a question in its line (after the key, which is digits). */
const QUESTION_FIELD = Buffer.from(',"q":');

/**
 * The results of one run's questions, appended as each is scored, keyed by the question's
 * position in the dataset. Opening reads the file once, as a stream, and keeps only where each
 * intact line starts (8 bytes per question); results are read back one at a
 * time. A torn last line (a kill mid-write), a line with a flipped byte, or a line another run
 * wrote twice is never served: the first intact line of a position wins.
 */
export interface ResultJournal {
  readonly file: string;
  /** Questions the journal holds, of the dataset's. */
  readonly size: number;
  has(position: number): boolean;
  /** The result of the question at `position` (which `has`). */
  read(position: number): QuestionResult;
  /** Writes the result of the question at `position` (each line through `clean`, then checksummed). */
  append(position: number, question: QuestionResult): void;
  /** The run's summary, written once every question was journaled (see {@link ResultJournal.finish}). */
  readonly summary: unknown;
  /**
   * Writes the summary of a run whose every question the journal holds: it depends on nothing but
   * the key, so a later run served whole need not fold and resample again.
   */
  finish(summary: unknown): void;
  close(): void;
}

/**
 * Opens the journal of `key` for a dataset of `items`: reads it when it exists; the file (and its
 * folder) is created at the first write, so a cache folder that cannot be written fails as the
 * answer cache's does.
 */
export function openJournal(
  dir: string,
  key: JournalKey,
  items: ItemList,
  clean?: (text: string) => string,
): ResultJournal {
  const file = journalFile(dir, key);
  let readFd: number | undefined;
  try {
    readFd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw journalError(file, error);
  }
  const { offsets, size, summary, unterminated } = indexJournal(readFd, items.length);
  let appendFd: number | undefined;
  // Lines are read in dataset order, mostly ascending in the file: through one window of it.
  const readLine = readFd === undefined ? undefined : lineReader(readFd);
  const write = (line: string) => {
    try {
      if (appendFd === undefined) {
        mkdirSync(dir, { recursive: true });
        appendFd = openSync(file, 'a');
        // A line torn by a kill ends here, so the next one starts on a line of its own.
        if (unterminated) writeFileSync(appendFd, '\n');
      }
      writeFileSync(appendFd, line);
    } catch (error) {
      throw journalError(file, error);
    }
  };
  return {
    file,
    size,
    has: (position) => (offsets[position] ?? -1) >= 0,
    read(position) {
      const line = readLine?.(offsets[position] as number);
      if (line === undefined)
        throw new InternalError(`result journal ${file}: no line for question ${position}`);
      // `{"k":"<position>","q":<the question>,"c":"<checksum>"}`: only the question is parsed.
      const field = line.indexOf(QUESTION_FIELD);
      if (field === -1) throw new InternalError(`result journal ${file}: line ${position} holds no question`);
      const start = field + QUESTION_FIELD.length;
      const q = JSON.parse(line.toString('utf8', start, beforeChecksum(line))) as QuestionResult;
      if (q.id !== (items.idAt?.(position) ?? items.at(position)?.id))
        throw new InternalError(
          `result journal ${file}: line ${position} is not question ${items.at(position)?.id}; run with --no-resume or delete the file`,
        );
      return q;
    },
    append(position, question) {
      write(encodeLine(String(position), { q: question }, clean));
    },
    summary,
    finish: (value) => write(encodeLine(SUMMARY_KEY, { s: value }, clean)),
    close() {
      if (readFd !== undefined) closeSync(readFd);
      if (appendFd !== undefined) closeSync(appendFd);
    },
  };
}

/** Where each position's first intact line starts (-1: none), read as a stream. */
function indexJournal(fd: number | undefined, positions: number) {
  const offsets = new Float64Array(positions).fill(-1);
  let size = 0;
  let summary: unknown;
  if (fd === undefined) return { offsets, size, summary, unterminated: false };
  const unterminated = scanLines(fd, (offset, line) => {
    const key = keyOf(line);
    if (key === SUMMARY_KEY) {
      const body = summary === undefined ? checkedBody(line.toString('utf8')) : undefined;
      if (body !== undefined) summary = (JSON.parse(body) as { s: unknown }).s;
      return;
    }
    const position = key !== undefined && /^\d+$/.test(key) ? Number(key) : -1;
    if (position < 0 || position >= positions || (offsets[position] as number) >= 0) return;
    if (!checksumHolds(line)) return;
    offsets[position] = offset;
    size++;
  });
  return { offsets, size, summary, unterminated };
}

/**
 * How many questions the newest journal of a run holds, for `--dry-run` (which starts no
 * generator, so cannot tell which generator's journal would be served); undefined when none.
 */
export function countJournaled(dir: string, run: string, items: ItemList): number | undefined {
  const prefix = `results-${run.slice(0, 20)}-`;
  let newest: { file: string; mtimeMs: number } | undefined;
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix) || !name.endsWith('.jsonl')) continue;
      const { mtimeMs } = statSync(join(dir, name));
      if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { file: join(dir, name), mtimeMs };
    }
  } catch {
    return undefined;
  }
  if (newest === undefined) return undefined;
  const fd = openSync(newest.file, 'r');
  try {
    return indexJournal(fd, items.length).size;
  } finally {
    closeSync(fd);
  }
}

/** A journal that cannot be created or written (a full disk, no permission), as an error naming it (exit 3). */
function journalError(file: string, error: unknown): unknown {
  const reason = environmentError(error, file);
  if (reason === undefined) return error;
  return new EnvironmentError(`result journal ${reason.message}`, {
    hint: 'free some space or give a writable folder with --cache DIR; --no-resume runs without the journal',
  });
}
