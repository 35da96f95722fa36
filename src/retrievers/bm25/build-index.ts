import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { at } from '../../dataset/jsonl.js';
import { readJsonLineChunks } from '../../dataset/jsonl-chunks.js';
import { parsePassage } from '../../dataset/passages.js';
import { InputError } from '../../model/errors.js';
import { ChunkedUint32 } from './chunked-array.js';
import { type Bm25Meta, INDEX_FILES, writeArray } from './index-files.js';
import { blockStarts, collectBlockFirsts, collectTermPeaks } from './posting-blocks.js';
import {
  BM25_INDEX_VERSION,
  lengthNormaliser,
  lowerCaseTerms,
  passageBody,
  passageLength,
} from './scoring.js';
import { TermCounter } from './term-counter.js';
import { Tokenizer } from './tokenizer.js';

/** Postings sorted at a time when writing the index (64 MB per array). */
const BLOCK_POSTINGS = 1 << 24;

/** Buffers passage lines and writes them in large blocks, tracking each line's byte offset. */
class PassageWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  readonly offsets: number[] = [0];
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  add(json: string): void {
    const line = `${json}\n`;
    const bytes = Buffer.byteLength(line);
    this.offsets.push((this.offsets[this.offsets.length - 1] as number) + bytes);
    this.pending.push(line);
    this.pendingBytes += bytes;
    if (this.pendingBytes > 1 << 22) this.flush();
  }
  flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Builds the BM25 index of a corpus file into `dir` in one streaming pass: each passage is
 * tokenised, counted and written to the index's own passage store, then dropped, so the corpus
 * is never held whole; what stays in memory is the postings (term, passage, frequency).
 */
export async function buildBm25Index(
  corpusFile: string,
  dir: string,
  blockPostings = BLOCK_POSTINGS,
): Promise<Bm25Meta> {
  const counter = new TermCounter();
  const tokenizer = new Tokenizer();
  const lengths = new ChunkedUint32();
  const seen = new Map<string, number>();
  const passages = new PassageWriter(join(dir, INDEX_FILES.passages));
  let averageLength = 0;
  let count = 0;
  try {
    for await (const batch of readJsonLineChunks(corpusFile)) {
      for (const { line, value } of batch) {
        const passage = parsePassage(value, at(corpusFile, line), String(line));
        const previous = seen.get(passage.id);
        if (previous !== undefined) {
          throw new InputError(
            `${at(corpusFile, line)}: "id" ${JSON.stringify(passage.id)} repeats line ${previous}`,
          );
        }
        seen.set(passage.id, line);
        const tokens = tokenizer.split(passageBody(passage.title, passage.text));
        const length = passageLength(tokens);
        lengths.push(length);
        // The running mean, updated as MiniSearch did, so the figure matches to the last bit.
        averageLength = (averageLength * count + length) / (count + 1);
        counter.add(count, lowerCaseTerms(tokens));
        passages.add(JSON.stringify(passage));
        count++;
      }
    }
  } finally {
    passages.close();
  }
  if (count === 0) throw new InputError(`${corpusFile}: the corpus has no passages`);
  seen.clear();
  const terms = [...counter.vocabulary.keys()];
  counter.vocabulary.clear();
  return writeIndex(dir, blockPostings, {
    terms,
    documentFrequency: counter.documentFrequency,
    triples: counter.triples,
    lengths,
    averageLength,
    count,
    offsets: passages.offsets,
  });
}

interface Collected {
  readonly terms: readonly string[];
  readonly documentFrequency: Uint32Array;
  readonly triples: ChunkedUint32;
  readonly lengths: ChunkedUint32;
  readonly averageLength: number;
  readonly count: number;
  readonly offsets: readonly number[];
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * The postings files being written, and what is noted on the way (see posting-blocks.ts): the
 * first passage of every posting block and each term's peak tf part, from the passages' normalisers.
 */
interface PostingsOutput {
  readonly passageIds: number;
  readonly frequencies: number;
  readonly blockStarts: Float64Array;
  readonly blockFirsts: Uint32Array;
  readonly normalisers: Float64Array;
  readonly termPeaks: Float64Array;
}

/**
 * Sorts the postings of terms `first` to `last` (excluded) into place, appends them to the files
 * and notes their blocks' first passages and their peaks.
 */
function writeBlock(
  triples: ChunkedUint32,
  starts: Float64Array,
  first: number,
  last: number,
  out: PostingsOutput,
): void {
  const base = starts[first] as number;
  const size = (starts[last] as number) - base;
  const passageIds = new Uint32Array(size);
  const frequencies = new Uint32Array(size);
  const next = starts.slice(first, last);
  triples.forEach((chunk) => {
    for (let i = 0; i < chunk.length; i += 3) {
      const term = chunk[i] as number;
      if (term < first || term >= last) continue;
      const slot = (next[term - first] as number)++ - base;
      passageIds[slot] = chunk[i + 1] as number;
      frequencies[slot] = chunk[i + 2] as number;
    }
  });
  collectBlockFirsts(passageIds, starts, out.blockStarts, first, last, out.blockFirsts);
  collectTermPeaks({ passageIds, frequencies }, starts, out.normalisers, first, last, out.termPeaks);
  writeAll(out.passageIds, new Uint8Array(passageIds.buffer));
  writeAll(out.frequencies, new Uint8Array(frequencies.buffer));
}

/** Sorts the postings by term (a counting sort, stable, so each list stays in corpus order) and writes every file. */
function writeIndex(dir: string, blockPostings: number, collected: Collected): Bm25Meta {
  const { terms, documentFrequency } = collected;
  const starts = new Float64Array(terms.length + 1);
  for (let term = 0; term < terms.length; term++) {
    starts[term + 1] = (starts[term] as number) + (documentFrequency[term] as number);
  }
  const postings = collected.triples.length / 3;
  const blocks = blockStarts(starts);
  const lengths = collected.lengths.toArray();
  const normalisers = new Float64Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) {
    normalisers[i] = lengthNormaliser(lengths[i] as number, collected.averageLength);
  }
  const out: PostingsOutput = {
    passageIds: openSync(join(dir, INDEX_FILES.passageIds), 'w'),
    frequencies: openSync(join(dir, INDEX_FILES.frequencies), 'w'),
    blockStarts: blocks,
    blockFirsts: new Uint32Array(blocks[terms.length] as number),
    normalisers,
    termPeaks: new Float64Array(terms.length),
  };
  try {
    // A block of terms at a time, so the sorted copy never needs as much memory as the postings.
    let first = 0;
    while (first < terms.length) {
      let last = first + 1;
      while (last < terms.length && (starts[last + 1] as number) - (starts[first] as number) <= blockPostings)
        last++;
      writeBlock(collected.triples, starts, first, last, out);
      first = last;
    }
  } finally {
    closeSync(out.passageIds);
    closeSync(out.frequencies);
  }
  writeArray(join(dir, INDEX_FILES.termStarts), starts);
  writeArray(join(dir, INDEX_FILES.blockFirsts), out.blockFirsts);
  writeArray(join(dir, INDEX_FILES.termPeaks), out.termPeaks);
  writeArray(join(dir, INDEX_FILES.lengths), lengths);
  writeArray(join(dir, INDEX_FILES.passageOffsets), Float64Array.from(collected.offsets));
  writeFileSync(join(dir, INDEX_FILES.terms), JSON.stringify(terms));
  const meta: Bm25Meta = {
    version: BM25_INDEX_VERSION,
    count: collected.count,
    averageLength: collected.averageLength,
    terms: terms.length,
    postings,
  };
  writeFileSync(join(dir, INDEX_FILES.meta), JSON.stringify(meta));
  return meta;
}
