/** The typed arrays a {@link Column} can grow in. */
type TypedArray = Float64Array | Uint32Array | Uint8Array;

/**
 * A growable typed array of numbers, for what a streamed run keeps per question: a value costs
 * 8 bytes (or 1 for flags) instead of an object, so a million questions fit in a few megabytes.
 */
export interface Column {
  push(value: number): void;
  readonly length: number;
  /** The values pushed so far (a view; valid until the next push). */
  values(): ArrayLike<number>;
}

function column(create: (length: number) => TypedArray): Column {
  let data = create(64);
  let length = 0;
  return {
    push(value) {
      if (length === data.length) {
        const grown = create(data.length * 2);
        grown.set(data);
        data = grown;
      }
      data[length++] = value;
    },
    get length() {
      return length;
    },
    values: () => data.subarray(0, length),
  };
}

/** A column of arbitrary numbers (float64). */
export function numberColumn(): Column {
  return column((length) => new Float64Array(length));
}

/** A column of whole numbers from 0 to 2^32 - 1: counts, lengths (4 bytes a value instead of 8). */
export function countColumn(): Column {
  return column((length) => new Uint32Array(length));
}

/** A column of small whole numbers from 0 to 255: flags, category codes. */
export function byteColumn(): Column {
  return column((length) => new Uint8Array(length));
}
