import { openPrivateFile, readAt, writeBuffers } from '../engine/calls/private-file.js';
import { countColumn } from '../metrics/column.js';
import { environmentError } from '../model/errors.js';
import type { QuestionResult } from '../model/report.js';
import { renderQuestionJson } from '../report/json.js';
import type { OutputGuard } from './output-guard.js';

/** Bytes gathered before one write, and read at once when the questions are read back. */
const BLOCK_BYTES = 1 << 22;

/**
 * The questions of a streamed run, each written as soon as it is scored (as its report JSON,
 * through the output guard) to a private temporary file, so the run holds none of them. The
 * report is then assembled from the file (`rendered`); reporters that show every question read
 * them back (`readAll`); the table needs only `sample`.
 */
export interface QuestionSpill {
  add(question: QuestionResult): void;
  /** Each question's report JSON, in the order added. */
  rendered(): Generator<string>;
  /**
   * The questions' report JSON as it stands in the report's `questions` array, each after its
   * separator (a newline, then a comma and a newline), in blocks of bytes. A block is valid until
   * the next is asked for: write it before.
   */
  blocks(): Generator<Uint8Array>;
  /** How many questions were added. */
  readonly size: number;
  /** Every question, parsed back: memory grows with the dataset again. */
  readAll(): QuestionResult[];
  /** The `worst` worst questions for the table (in the order added), and one whose misleading passage was tested. */
  sample(): QuestionResult[];
  /** Removes the file. */
  close(): void;
}

/** The table's order (`worstQuestions`): lowest reliance first, then highest instability, unscored last. */
function worseThan(a: QuestionResult, b: QuestionResult): boolean {
  const rank = (q: QuestionResult) => (q.reliance === null ? 2 : q.reliance);
  return rank(a) - rank(b) < 0 || (rank(a) === rank(b) && (b.instability ?? 0) - (a.instability ?? 0) < 0);
}

export function openQuestionSpill(
  guard: OutputGuard,
  worst: number,
  blockBytes = BLOCK_BYTES,
): QuestionSpill {
  const { fd, where, close } = openPrivateFile('ragseam-questions-', 'questions.json');
  const lengths = countColumn();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = () => {
    try {
      writeBuffers(fd, pending);
    } catch (error) {
      throw environmentError(error, where) ?? error;
    }
    pending = [];
    pendingBytes = 0;
  };
  // Kept in the order added; later equals never displace earlier ones, as in a stable sort.
  const worstSoFar: { question: QuestionResult; index: number }[] = [];
  let tested: { question: QuestionResult; index: number } | undefined;
  let added = 0;
  return {
    add(question) {
      // Spilled with the separator the report puts before it, so the report copies the file whole.
      const bytes = Buffer.from(`${added === 0 ? '\n' : ',\n'}${guard.clean(renderQuestionJson(question))}`);
      lengths.push(bytes.length);
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= blockBytes) flush();
      const entry = { question, index: added++ };
      if (tested === undefined && question.seam?.followed !== undefined) tested = entry;
      const last = worstSoFar.at(-1);
      if (worstSoFar.length < worst || (last !== undefined && worseThan(question, last.question))) {
        let at = worstSoFar.length;
        while (at > 0 && worseThan(question, (worstSoFar[at - 1] as typeof entry).question)) at--;
        worstSoFar.splice(at, 0, entry);
        if (worstSoFar.length > worst) worstSoFar.pop();
      }
    },
    *rendered() {
      flush();
      const all = lengths.values();
      // One buffer for every block (each question is copied out as a string): a report of a
      // million questions is a few gigabytes, which new blocks would all pass through the heap.
      let block = Buffer.allocUnsafe(blockBytes);
      let blockStart = 0;
      let blockEnd = 0;
      let position = 0;
      for (let i = 0; i < all.length; i++) {
        const length = all[i] as number;
        if (position + length > blockEnd) {
          if (block.length < length) block = Buffer.allocUnsafe(length);
          blockStart = position;
          blockEnd = blockStart + readAt(fd, block, block.length, blockStart);
        }
        // Without its separator.
        const skip = i === 0 ? 1 : 2;
        yield block.toString('utf8', position - blockStart + skip, position - blockStart + length);
        position += length;
      }
    },
    *blocks() {
      flush();
      const block = Buffer.allocUnsafe(blockBytes);
      for (let position = 0; ; ) {
        const got = readAt(fd, block, block.length, position);
        if (got === 0) return;
        yield block.subarray(0, got);
        position += got;
      }
    },
    get size() {
      return added;
    },
    readAll() {
      return Array.from(this.rendered(), (text) => JSON.parse(text) as QuestionResult);
    },
    sample() {
      const entries =
        tested === undefined || worstSoFar.includes(tested) ? worstSoFar : [...worstSoFar, tested];
      return [...entries].sort((a, b) => a.index - b.index).map((entry) => entry.question);
    },
    close,
  };
}
