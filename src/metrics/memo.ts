/** Entries a memo keeps before it starts again (a run compares far fewer distinct answers at once). */
export const MEMO_LIMIT = 16_384;

/** A Map that forgets everything once it holds {@link MEMO_LIMIT} entries, so memory stays bounded. */
export function memo<V>(compute: (key: string) => V): (key: string) => V {
  const known = new Map<string, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= MEMO_LIMIT) known.clear();
      known.set(key, value);
    }
    return value;
  };
}
