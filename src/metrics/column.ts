/** The typed arrays a {@link Column} can grow in. */
type TypedArray = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * A growable column of numbers, for what a streamed run keeps per question: a value costs a byte
 * or a few instead of an object, so a million questions fit in a few megabytes.
 */
export interface Column {
  push(value: number): void;
  readonly length: number;
  /** The values pushed so far (valid until the next push; a copy or a view). */
  values(): ArrayLike<number>;
}

/** `data`, or a copy of it twice as long when it has no room for one more value. */
function roomFor<T extends TypedArray>(data: T, length: number, create: (length: number) => T): T {
  if (length < data.length) return data;
  const grown = create(data.length * 2);
  grown.set(data);
  return grown;
}

const NO_CODE = -1;

/**
 * A column of arbitrary numbers, exactly as pushed. Per-question metrics take few distinct values
 * (a share of a handful of probes, a rank correlation over a few passages), so while there are at
 * most 256 of them each value is a one-byte code into the list of distinct values; the 257th
 * distinct value (or -0, which a code cannot tell from 0) turns the column into plain float64.
 */
export function numberColumn(): Column {
  let codes: Uint8Array | undefined = new Uint8Array(64);
  let floats: Float64Array | undefined;
  const distinct: number[] = [];
  const codeOf = new Map<number, number>();
  let length = 0;
  const code = (value: number): number => {
    // A Map takes -0 for 0.
    if (Object.is(value, -0)) return NO_CODE;
    const known = codeOf.get(value);
    if (known !== undefined) return known;
    if (distinct.length === 256) return NO_CODE;
    codeOf.set(value, distinct.length);
    distinct.push(value);
    return distinct.length - 1;
  };
  const decoded = (from: Uint8Array, capacity: number): Float64Array => {
    const out = new Float64Array(capacity);
    for (let i = 0; i < length; i++) out[i] = distinct[from[i] as number] as number;
    return out;
  };
  return {
    push(value) {
      if (codes !== undefined) {
        const known = code(value);
        if (known !== NO_CODE) {
          codes = roomFor(codes, length, (size) => new Uint8Array(size));
          codes[length++] = known;
          return;
        }
        floats = decoded(codes, codes.length);
        codes = undefined;
        codeOf.clear();
      }
      floats = roomFor(floats as Float64Array, length, (size) => new Float64Array(size));
      floats[length++] = value;
    },
    get length() {
      return length;
    },
    values: () =>
      codes === undefined ? (floats as Float64Array).subarray(0, length) : decoded(codes, length),
  };
}

/**
 * A column of whole numbers from 0 to 2^32 - 1: counts, lengths. It starts at one byte a value and
 * widens to two, then four, when a value needs it.
 */
export function countColumn(): Column {
  let data: Uint8Array | Uint16Array | Uint32Array = new Uint8Array(64);
  let limit = 0xff;
  let length = 0;
  const create = (size: number) =>
    limit === 0xff ? new Uint8Array(size) : limit === 0xffff ? new Uint16Array(size) : new Uint32Array(size);
  return {
    push(value) {
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
        throw new RangeError(`a count column holds whole numbers from 0 to 2^32 - 1, not ${value}`);
      if (value > limit) {
        limit = value > 0xffff ? 0xffffffff : 0xffff;
        const wider = create(data.length);
        wider.set(data.subarray(0, length));
        data = wider;
      }
      data = roomFor(data, length, create);
      data[length++] = value;
    },
    get length() {
      return length;
    },
    values: () => data.subarray(0, length),
  };
}

/** A column of small whole numbers from 0 to 255: flags, category codes. */
export function byteColumn(): Column {
  let data = new Uint8Array(64);
  let length = 0;
  return {
    push(value) {
      data = roomFor(data, length, (size) => new Uint8Array(size));
      data[length++] = value;
    },
    get length() {
      return length;
    },
    values: () => data.subarray(0, length),
  };
}
