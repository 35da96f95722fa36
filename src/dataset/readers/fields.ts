import { InputError } from '../../model/errors.js';
import type { Passage } from '../../model/types.js';
import { typeName } from '../jsonl.js';
import { parsePassage } from '../passages.js';

/** The first of `keys` present in a row, with its name, for messages that name what the row used. */
export function firstKey(
  row: Record<string, unknown>,
  keys: readonly string[],
): { key: string; value: unknown } | undefined {
  for (const key of keys) {
    if (Object.hasOwn(row, key) && row[key] !== undefined && row[key] !== null)
      return { key, value: row[key] };
  }
  return undefined;
}

function notAString(where: string, found: { key: string; value: unknown }): InputError {
  return new InputError(`${where}: "${found.key}" must be a string (got ${typeName(found.value)})`);
}

/** A required non-empty string field, under whichever of its names the row uses. */
export function requiredString(row: Record<string, unknown>, keys: readonly string[], where: string): string {
  const found = firstKey(row, keys);
  const names = keys.map((key) => `"${key}"`).join(' or ');
  if (found === undefined) throw new InputError(`${where}: missing ${names}`);
  if (typeof found.value !== 'string') throw notAString(where, found);
  if (found.value.trim() === '') throw new InputError(`${where}: "${found.key}" is empty`);
  return found.value;
}

/** An optional string field; null and absent are both "not given". */
export function optionalString(
  row: Record<string, unknown>,
  keys: readonly string[],
  where: string,
): string | undefined {
  const found = firstKey(row, keys);
  if (found === undefined) return undefined;
  if (typeof found.value !== 'string') throw notAString(where, found);
  return found.value;
}

/** An optional id: a string or a number. */
export function optionalId(
  row: Record<string, unknown>,
  keys: readonly string[],
  where: string,
): string | undefined {
  const found = firstKey(row, keys);
  if (found === undefined) return undefined;
  if (typeof found.value !== 'string' && typeof found.value !== 'number') throw notAString(where, found);
  return String(found.value);
}

/** A passage list under one of `keys`: strings or `{id?, title?, text}` objects (`doc_id` is an id too). */
export function passageList(
  row: Record<string, unknown>,
  keys: readonly string[],
  where: string,
  itemId: string,
): Passage[] | undefined {
  const found = firstKey(row, keys);
  if (found === undefined) return undefined;
  if (!Array.isArray(found.value)) {
    throw new InputError(`${where}: "${found.key}" must be an array (got ${typeName(found.value)})`);
  }
  return found.value.map((entry, index) => {
    const normalised =
      typeof entry === 'object' &&
      entry !== null &&
      !Array.isArray(entry) &&
      'doc_id' in entry &&
      !('id' in entry)
        ? { ...entry, id: (entry as { doc_id: unknown }).doc_id }
        : entry;
    return parsePassage(normalised, `${where}: ${found.key}[${index}]`, `${itemId}#${index + 1}`);
  });
}
