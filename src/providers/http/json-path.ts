/** One step of a JSON path: an object key or an array index. */
export type PathStep = string | number;

/**
 * Parses a JSON path such as `choices[0].message.content`, `choices.0.message.content` or
 * `$.data.hits`: dot-separated keys, with `[n]` or a bare number for an array index. Returns an
 * error message instead of steps when the path is malformed.
 */
export function parseJsonPath(path: string): PathStep[] | { error: string } {
  const text = path.trim().replace(/^\$\.?/, '');
  if (text === '') return [];
  const steps: PathStep[] = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (match === null || (match[1] === '' && match[2] === '')) {
      return {
        error: `"${path}" is not a JSON path (write keys with dots and indexes as [0], e.g. choices[0].text)`,
      };
    }
    const key = match[1] as string;
    if (key !== '') steps.push(/^\d+$/.test(key) ? Number(key) : key);
    for (const index of (match[2] as string).matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}

/** Follows a parsed path; `found` is false as soon as a step is missing. */
export function getAtPath(
  value: unknown,
  steps: readonly PathStep[],
): { found: true; value: unknown } | { found: false } {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false };
      current = current[step];
    } else {
      if (
        typeof current !== 'object' ||
        current === null ||
        Array.isArray(current) ||
        !Object.hasOwn(current, step)
      ) {
        return { found: false };
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

/** Writes steps back as a path for messages: `choices[0].message.content`. */
export function formatJsonPath(steps: readonly PathStep[]): string {
  if (steps.length === 0) return '$';
  return steps
    .map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`))
    .join('');
}
