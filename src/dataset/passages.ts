import { InputError } from '../model/errors.js';
import type { Passage } from '../model/types.js';
import { typeName } from './jsonl.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates one passage object (`{id?, title?, text, score?}`); `where` prefixes messages
 * (e.g. `data.jsonl:17: passages[2]`). A missing id becomes `fallbackId`.
 */
export function parsePassage(value: unknown, where: string, fallbackId: string): Passage {
  if (typeof value === 'string') return { id: fallbackId, text: value };
  if (!isRecord(value))
    throw new InputError(`${where} must be an object with "text" (got ${typeName(value)})`);
  const { id, title, text, score } = value;
  if (typeof text !== 'string')
    throw new InputError(`${where}: "text" must be a string (got ${typeName(text)})`);
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
    throw new InputError(`${where}: "id" must be a string (got ${typeName(id)})`);
  }
  if (title !== undefined && title !== null && typeof title !== 'string') {
    throw new InputError(`${where}: "title" must be a string (got ${typeName(title)})`);
  }
  if (score !== undefined && score !== null && (typeof score !== 'number' || !Number.isFinite(score))) {
    throw new InputError(`${where}: "score" must be a number (got ${typeName(score)})`);
  }
  return {
    id: id === undefined ? fallbackId : String(id),
    ...(typeof title === 'string' ? { title } : {}),
    text,
    ...(typeof score === 'number' ? { score } : {}),
  };
}

export { isRecord };
