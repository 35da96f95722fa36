// Multiples of 3, so a list of (term, passage, frequency) triples never splits one across chunks.
const FIRST_CHUNK_LENGTH = 3 << 10;
const CHUNK_LENGTH = 3 << 19;

/**
 * An append-only list of unsigned 32-bit integers in chunks: it grows without copying, so a
 * build's peak memory is the data plus one chunk rather than twice the data. Chunks start small
 * and double up to 6 MB, so a small corpus does not allocate (and zero) megabytes it never fills.
 */
export class ChunkedUint32 {
  private readonly chunks: Uint32Array[] = [];
  private current = new Uint32Array(FIRST_CHUNK_LENGTH);
  private fill = 0;
  length = 0;

  push(value: number): void {
    if (this.fill === this.current.length) {
      this.chunks.push(this.current);
      this.current = new Uint32Array(Math.min(this.current.length * 2, CHUNK_LENGTH));
      this.fill = 0;
    }
    this.current[this.fill++] = value;
    this.length++;
  }

  /** Hands every chunk to `visit` in order, each trimmed to its filled length. */
  forEach(visit: (chunk: Uint32Array) => void): void {
    for (const chunk of this.chunks) visit(chunk);
    visit(this.current.subarray(0, this.fill));
  }

  /** A copy as one contiguous array. */
  toArray(): Uint32Array {
    const out = new Uint32Array(this.length);
    let at = 0;
    for (const chunk of [...this.chunks, this.current.subarray(0, this.fill)]) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}
