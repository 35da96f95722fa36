import { readFileSync } from 'node:fs';
import { cannotRead, InputError, type RagseamError } from '../model/errors.js';

/**
 * Reads a UTF-8 file whole, or throws the error `fail` makes of the one wording of an unreadable
 * file (`<label>: cannot read it (ENOENT)`); `label` defaults to the file name.
 */
export function readTextFile(
  file: string,
  options: { label?: string; fail?: (message: string) => RagseamError } = {},
): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const fail = options.fail ?? ((message: string) => new InputError(message));
    throw fail(cannotRead(options.label ?? file, error));
  }
}

/** Reads and parses a JSON file, with the same errors as {@link readTextFile} and one for bad JSON. */
export function readJsonFile(
  file: string,
  options: { label?: string; fail?: (message: string) => RagseamError } = {},
): unknown {
  const text = readTextFile(file, options);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const fail = options.fail ?? ((message: string) => new InputError(message));
    throw fail(`${options.label ?? file}: not valid JSON (${(error as Error).message})`);
  }
}
