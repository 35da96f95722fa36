/**
 * Precedence in one place: for each key, the first layer that defines it wins, in the order
 * flags > environment > config file > defaults. Layers hold only the keys they set.
 */
export function resolveLayers<T extends object>(layers: {
  readonly flags: Partial<T>;
  readonly env: Partial<T>;
  readonly file: Partial<T>;
  readonly defaults: T;
}): T {
  const result: Record<string, unknown> = { ...(layers.defaults as Record<string, unknown>) };
  for (const layer of [layers.file, layers.env, layers.flags] as const) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) result[key] = value;
    }
  }
  return Object.freeze(result) as T;
}
