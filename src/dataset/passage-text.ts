import { InputError } from '../model/errors.js';
import type { Passage } from '../model/types.js';
import { typeName } from './jsonl.js';
import { isRecord, parsePassage } from './passages.js';

/**
 * Passages from the text of a file the user wrote by hand or exported: a JSON array (of strings or
 * `{id?, title?, text}` objects, or an object with a `passages` array), JSON Lines (one string or
 * object a line), or plain text with a blank line between passages. `label` names the source in
 * errors (`passages.txt:3`).
 */
export function parsePassageText(text: string, label: string): Passage[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const whole = tryJson(trimmed);
    if (Array.isArray(whole))
      return whole.map((value, i) => parsePassage(value, `${label}: [${i}]`, `p${i + 1}`));
    if (isRecord(whole)) {
      if (!Array.isArray(whole.passages))
        throw new InputError(`${label}: "passages" must be an array (got ${typeName(whole.passages)})`);
      return whole.passages.map((value, i) => parsePassage(value, `${label}: passages[${i}]`, `p${i + 1}`));
    }
    return jsonLines(trimmed, label);
  }
  return trimmed
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block, i) => ({ id: `p${i + 1}`, text: block.replace(/\s*\n\s*/g, ' ') }));
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function jsonLines(text: string, label: string): Passage[] {
  const passages: Passage[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${label}:${index + 1}`;
    const value = tryJson(line);
    if (value === undefined) throw new InputError(`${where}: not valid JSON`);
    passages.push(parsePassage(value, where, `p${passages.length + 1}`));
  });
  return passages;
}
