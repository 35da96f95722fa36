import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Passage } from '../../model/types.js';
import { type Bm25Meta, INDEX_FILES, readArray } from './index-files.js';
import { type Postings, PruningWorkspace, type QueryTerm, scoreWithPruning } from './max-score.js';
import { blockRuns, blockStarts } from './posting-blocks.js';
import { inverseDocumentFrequency, lengthNormaliser, termScore, tokenize } from './scoring.js';
import { Tokenizer } from './tokenizer.js';

interface Hit {
  readonly position: number;
  readonly score: number;
}

/** Higher score first; ties by corpus order, so results never depend on the order of scoring. */
function before(a: Hit, b: Hit): boolean {
  return a.score > b.score || (a.score === b.score && a.position < b.position);
}

/** An index whose postings and passages take at most this many bytes is read into memory whole. */
export const IN_MEMORY_BYTES = 16 << 20;

/** An index file: its descriptor, or its bytes when the index is small. */
type IndexFile = number | Buffer;

/**
 * A built BM25 index opened for search. The vocabulary, the passage lengths and the offsets are
 * in memory; the postings and the passages stay on disk and are read per query term and per hit
 * (or, for a small index, are read into memory once).
 */
export class Bm25Searcher {
  private readonly meta: Bm25Meta;
  private readonly vocabulary = new Map<string, number>();
  private readonly tokenizer = new Tokenizer();
  private readonly starts: Float64Array;
  /** The first passage position of every posting block, and where each term's blocks start. */
  private readonly blockFirsts: Uint32Array;
  private readonly blockStarts: Float64Array;
  /** Per term, the largest tf part of its contribution to any passage. */
  private readonly termPeaks: Float64Array;
  /** Per passage, the length part of BM25's denominator, computed once when the index is opened. */
  private readonly normalisers: Float64Array;
  private readonly offsets: Float64Array;
  private readonly files: { passageIds: IndexFile; frequencies: IndexFile; passages: IndexFile };
  private readonly scores: Float64Array;
  private readonly matched: Uint32Array;
  private readonly touched: Uint32Array;
  private readonly workspace: PruningWorkspace;
  private passageIds = new Uint32Array(1024);
  private frequencies = new Uint32Array(1024);
  private readonly runs: number[] = [];
  /** Scratch for {@link blockRuns}: one mark per block of the longest list. */
  private readonly blockMarks: Uint8Array;

  constructor(folder: string, inMemoryBytes = IN_MEMORY_BYTES) {
    this.meta = JSON.parse(readFileSync(join(folder, INDEX_FILES.meta), 'utf8')) as Bm25Meta;
    const terms = JSON.parse(readFileSync(join(folder, INDEX_FILES.terms), 'utf8')) as string[];
    for (let id = 0; id < terms.length; id++) this.vocabulary.set(terms[id] as string, id);
    this.starts = readArray(join(folder, INDEX_FILES.termStarts), Float64Array);
    this.blockFirsts = readArray(join(folder, INDEX_FILES.blockFirsts), Uint32Array);
    this.blockStarts = blockStarts(this.starts);
    this.termPeaks = readArray(join(folder, INDEX_FILES.termPeaks), Float64Array);
    let mostBlocks = 0;
    for (let id = 0; id + 1 < this.blockStarts.length; id++) {
      mostBlocks = Math.max(
        mostBlocks,
        (this.blockStarts[id + 1] as number) - (this.blockStarts[id] as number),
      );
    }
    this.blockMarks = new Uint8Array(mostBlocks);
    const lengths = readArray(join(folder, INDEX_FILES.lengths), Uint32Array);
    this.normalisers = new Float64Array(lengths.length);
    for (let i = 0; i < lengths.length; i++) {
      this.normalisers[i] = lengthNormaliser(lengths[i] as number, this.meta.averageLength);
    }
    this.offsets = readArray(join(folder, INDEX_FILES.passageOffsets), Float64Array);
    const paths = {
      passageIds: join(folder, INDEX_FILES.passageIds),
      frequencies: join(folder, INDEX_FILES.frequencies),
      passages: join(folder, INDEX_FILES.passages),
    };
    const small = Object.values(paths).reduce((sum, path) => sum + statSync(path).size, 0) <= inMemoryBytes;
    const open = (path: string): IndexFile => (small ? readFileSync(path) : openSync(path, 'r'));
    this.files = {
      passageIds: open(paths.passageIds),
      frequencies: open(paths.frequencies),
      passages: open(paths.passages),
    };
    this.scores = new Float64Array(this.meta.count);
    this.matched = new Uint32Array(this.meta.count);
    this.touched = new Uint32Array(this.meta.count);
    this.workspace = new PruningWorkspace(this.meta.count);
  }

  /** Passages in the index. */
  get count(): number {
    return this.meta.count;
  }

  /**
   * The top `topK` passages for a question, each with its BM25 score: exact, with postings that
   * cannot change the top k skipped (see {@link scoreWithPruning}).
   */
  search(question: string, topK: number): Passage[] {
    if (topK <= 0) return [];
    const distinct = new Map<string, number>();
    const terms: { -readonly [K in keyof QueryTerm]: QueryTerm[K] }[] = [];
    const order: number[] = [];
    for (const term of tokenize(question, this.tokenizer)) {
      const id = this.vocabulary.get(term);
      if (id === undefined) continue;
      let index = distinct.get(term);
      if (index === undefined) {
        index = terms.length;
        distinct.set(term, index);
        const start = this.starts[id] as number;
        const size = (this.starts[id + 1] as number) - start;
        const firstBlock = this.blockStarts[id] as number;
        const idf = inverseDocumentFrequency(size, this.meta.count);
        terms.push({ start, size, firstBlock, idf, peak: this.termPeaks[id] as number, weight: 0 });
      }
      (terms[index] as (typeof terms)[number]).weight++;
      order.push(index);
    }
    const scored = scoreWithPruning(terms, order, topK, this.normalisers, this.workspace, {
      readAll: (term) => this.readPostings(term.start, term.size),
      readHolding: (term, positions, count) => this.readBlocksHolding(term, positions, count),
    });
    const { scores, matched, touched } = this;
    scored.forEach((hit, i) => {
      scores[hit.position] = hit.score;
      matched[hit.position] = 1;
      touched[i] = hit.position;
    });
    return this.hits(this.best(scored.length, topK));
  }

  /** The same top `topK`, every posting of every question term scored: the reference for the pruned search. */
  searchExhaustive(question: string, topK: number): Passage[] {
    if (topK <= 0) return [];
    const terms = tokenize(question, this.tokenizer);
    const seen = new Set<string>();
    let touchedCount = 0;
    // Scores add up in the order of the question's terms (repeats included) and are then
    // multiplied by how many distinct question terms the passage holds: MiniSearch's ranking.
    for (const term of terms) {
      const id = this.vocabulary.get(term);
      if (id === undefined) continue;
      const first = seen.has(term) ? 0 : 1;
      seen.add(term);
      const start = this.starts[id] as number;
      const size = (this.starts[id + 1] as number) - start;
      this.readPostings(start, size);
      const idf = inverseDocumentFrequency(size, this.meta.count);
      const { passageIds, frequencies, scores, matched, touched, normalisers } = this;
      for (let i = 0; i < size; i++) {
        const position = passageIds[i] as number;
        if (matched[position] === 0) touched[touchedCount++] = position;
        scores[position] =
          (scores[position] as number) +
          termScore(idf, frequencies[i] as number, normalisers[position] as number);
        matched[position] = (matched[position] as number) + first;
      }
    }
    return this.hits(this.best(touchedCount, topK));
  }

  private hits(best: readonly Hit[]): Passage[] {
    return best.map((hit) => ({ ...this.readPassage(hit.position), score: hit.score }));
  }

  /** The best `topK` of the touched passages; clears their scores for the next question. */
  private best(touchedCount: number, topK: number): Hit[] {
    const { scores, matched, touched } = this;
    const best: Hit[] = [];
    let floor = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < touchedCount; i++) {
      const position = touched[i] as number;
      const score = (scores[position] as number) * (matched[position] as number);
      scores[position] = 0;
      matched[position] = 0;
      if (score < floor) continue;
      const hit = { position, score };
      if (best.length === topK && !before(hit, best[topK - 1] as Hit)) continue;
      let slot = Math.min(best.length, topK - 1);
      while (slot > 0 && before(hit, best[slot - 1] as Hit)) slot--;
      if (best.length === topK) best.pop();
      best.splice(slot, 0, hit);
      if (best.length === topK) floor = (best[topK - 1] as Hit).score;
    }
    return best;
  }
  close(): void {
    for (const file of Object.values(this.files)) if (typeof file === 'number') closeSync(file);
  }

  private readPostings(start: number, size: number): Postings {
    this.reserve(size);
    readExactly(this.files.passageIds, this.passageIds, start * 4, size * 4);
    readExactly(this.files.frequencies, this.frequencies, start * 4, size * 4);
    return { passageIds: this.passageIds, frequencies: this.frequencies, size };
  }

  /** The blocks of a term's list that can hold any of `positions` (the first `count`), one after another. */
  private readBlocksHolding(term: QueryTerm, positions: Uint32Array, count: number): Postings {
    const runs = blockRuns(
      { firsts: this.blockFirsts, firstBlock: term.firstBlock, size: term.size },
      positions,
      count,
      this.blockMarks,
      this.runs,
    );
    let size = 0;
    for (let i = 0; i < runs.length; i += 2) size += (runs[i + 1] as number) - (runs[i] as number);
    this.reserve(size);
    let at = 0;
    for (let i = 0; i < runs.length; i += 2) {
      const from = term.start + (runs[i] as number);
      const length = (runs[i + 1] as number) - (runs[i] as number);
      readExactly(this.files.passageIds, this.passageIds.subarray(at), from * 4, length * 4);
      readExactly(this.files.frequencies, this.frequencies.subarray(at), from * 4, length * 4);
      at += length;
    }
    return { passageIds: this.passageIds, frequencies: this.frequencies, size };
  }

  private reserve(size: number): void {
    if (this.passageIds.length < size) {
      this.passageIds = new Uint32Array(size);
      this.frequencies = new Uint32Array(size);
    }
  }

  private readPassage(position: number): Passage {
    const start = this.offsets[position] as number;
    const bytes = Buffer.alloc((this.offsets[position + 1] as number) - start);
    readExactly(this.files.passages, bytes, start, bytes.length);
    return JSON.parse(bytes.toString('utf8')) as Passage;
  }
}

function readExactly(file: IndexFile, target: ArrayBufferView, position: number, length: number): void {
  const view = new Uint8Array(target.buffer, target.byteOffset, length);
  if (typeof file !== 'number') {
    const copied = file.copy(view, 0, position, position + length);
    if (copied < length) throw new Error(`the index file ended early (${copied} of ${length} bytes)`);
    return;
  }
  const fd = file;
  let done = 0;
  while (done < length) {
    const read = readSync(fd, view, done, length - done, position + done);
    if (read === 0) throw new Error(`the index file ended early (${done} of ${length} bytes)`);
    done += read;
  }
}
