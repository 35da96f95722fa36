/** A seeded pseudo-random source: `next()` returns a float in [0, 1). */
export interface Rng {
  next(): number;
  /** Fills `out` with the next `out.length` values of `next()`, in order (a faster loop). */
  fill?(out: Float64Array): void;
}

/** 32-bit FNV-1a hash of a string; used to derive independent seeds from names. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The constant mulberry32 adds to its state at every draw (written out in the loops below). */
const GOLDEN_GAMMA = 0x6d2b79f5;

/**
 * The seed of the generator that continues `createRng(seed)` after `draws` draws: each draw adds
 * the same constant to the state, so any point of the sequence is reached without drawing up to it.
 * `draws` is a whole number below 2^53.
 */
export function seedAfter(seed: number, draws: number): number {
  return (seed + Math.imul(draws % 4294967296, GOLDEN_GAMMA)) >>> 0;
}

/** mulberry32: small, fast and well distributed for simulation use; not cryptographic. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      return mulberry32(state);
    },
    fill(out) {
      // The state in a local: a loop over a closure's variable is several times slower. It is
      // kept as a signed 32-bit integer (the same bits; mulberry32 uses only its bits), which V8
      // holds in a register, where an unsigned one above 2^31 would be a double: 40% faster.
      let local = state | 0;
      for (let i = 0; i < out.length; i++) {
        local = (local + 0x6d2b79f5) | 0;
        out[i] = mulberry32(local);
      }
      state = local >>> 0;
    },
  };
}

/** mulberry32's output for a state, in [0, 1). */
function mulberry32(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * An RNG for one purpose, seeded from the run seed and names (e.g. question id and probe name),
 * so a choice never depends on the order questions are processed in or on sharding.
 */
export function derivedRng(seed: number, ...names: string[]): Rng {
  return createRng(derivedSeed(seed, ...names));
}

/** The seed {@link derivedRng} starts its generator from. */
export function derivedSeed(seed: number, ...names: string[]): number {
  return hashString(`${seed}\u0000${names.join('\u0000')}`);
}

/** A uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

/** A uniformly chosen element, or undefined for an empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T | undefined {
  if (items.length === 0) return undefined;
  return items[randomInt(rng, items.length)];
}

/** A Fisher-Yates shuffled copy. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
