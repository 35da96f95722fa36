import { ChunkedUint32 } from './chunked-array.js';

function grown(array: Uint32Array<ArrayBuffer>, size: number): Uint32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const bigger = new Uint32Array(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}

/**
 * Turns passages' terms into postings: a vocabulary of term ids, each term's document frequency,
 * and (term, passage, frequency) triples in passage order.
 */
export class TermCounter {
  readonly vocabulary = new Map<string, number>();
  readonly triples = new ChunkedUint32();
  documentFrequency = new Uint32Array(1024);
  private counts = new Uint32Array(1024);
  private readonly distinct: number[] = [];

  /** Counts one passage's lower-cased, non-empty terms; `passage` is its position in the corpus. */
  add(passage: number, terms: readonly string[]): void {
    const { vocabulary, distinct } = this;
    for (const term of terms) {
      let id = vocabulary.get(term);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(term, id);
        this.counts = grown(this.counts, id + 1);
        this.documentFrequency = grown(this.documentFrequency, id + 1);
      }
      if (this.counts[id] === 0) distinct.push(id);
      this.counts[id] = (this.counts[id] as number) + 1;
    }
    for (const id of distinct) {
      this.triples.push(id);
      this.triples.push(passage);
      this.triples.push(this.counts[id] as number);
      this.documentFrequency[id] = (this.documentFrequency[id] as number) + 1;
      this.counts[id] = 0;
    }
    distinct.length = 0;
  }
}
