import type { ProviderError } from '../../model/errors.js';
import type { Passage } from '../../model/types.js';
import { formatJsonPath, getAtPath, type PathStep } from '../../providers/http/json-path.js';

/** Where the passages and their fields are in a search response. */
export interface PassageMapping {
  readonly list: readonly PathStep[];
  readonly text: readonly PathStep[];
  readonly id: readonly PathStep[];
  readonly title: readonly PathStep[];
  readonly score: readonly PathStep[];
}

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A passage's score: a finite number, or a string holding one in decimal notation (Weaviate's
 * GraphQL API returns scores as strings, e.g. "3.0140665"); absent or null is no score.
 */
function readScore(found: { found: boolean; value?: unknown }): number | undefined | 'invalid' {
  if (!found.found || found.value === null || found.value === undefined) return undefined;
  const { value } = found;
  const number = typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : 'invalid';
}

/**
 * Maps a search response to passages in rank order. A passage without an id gets
 * `<question id>#<rank>`; one without text, or with a score that is not a number (or a decimal
 * string), is a provider
 * error (`fail` adds the endpoint and a body excerpt).
 */
export function readPassages(
  json: unknown,
  mapping: PassageMapping,
  questionId: string,
  fail: (what: string) => ProviderError,
): Passage[] {
  const list = getAtPath(json, mapping.list);
  if (!list.found) throw fail(`no value at ${formatJsonPath(mapping.list)}`);
  if (!Array.isArray(list.value)) throw fail(`the value at ${formatJsonPath(mapping.list)} is not a list`);
  return list.value.map((element, index): Passage => {
    const fallbackId = `${questionId}#${index + 1}`;
    if (typeof element === 'string') return { id: fallbackId, text: element };
    const where = `${formatJsonPath(mapping.list)}[${index}]`;
    const text = getAtPath(element, mapping.text);
    if (!text.found || typeof text.value !== 'string')
      throw fail(`${where} has no text at ${formatJsonPath(mapping.text)}`);
    const id = getAtPath(element, mapping.id);
    const title = getAtPath(element, mapping.title);
    const score = readScore(getAtPath(element, mapping.score));
    if (score === 'invalid') {
      throw fail(`${where}: the score at ${formatJsonPath(mapping.score)} is not a number`);
    }
    return {
      id:
        id.found && (typeof id.value === 'string' || typeof id.value === 'number')
          ? String(id.value)
          : fallbackId,
      ...(title.found && typeof title.value === 'string' ? { title: title.value } : {}),
      text: text.value,
      ...(score === undefined ? {} : { score }),
    };
  });
}
