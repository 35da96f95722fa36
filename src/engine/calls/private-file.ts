import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentError } from '../../model/errors.js';

/** A private temporary file, open for reading and writing; `close` closes and removes it. */
export interface PrivateFile {
  readonly fd: number;
  /** How to name it in messages: its path, or its folder once it is unlinked. */
  readonly where: string;
  close(): void;
}

/**
 * Creates `<tmpdir>/<prefix>XXXXXX/<name>` exclusively, readable by its owner only, and unlinks it
 * at once where the system allows it (it is used through its descriptor): a run that is killed
 * leaves nothing behind. Windows keeps an open file: it is removed at close.
 */
export function openPrivateFile(prefix: string, name: string): PrivateFile {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const file = join(folder, name);
  let fd: number;
  try {
    fd = openSync(file, 'wx+', 0o600);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw environmentError(error, folder) ?? error;
  }
  let removed = false;
  try {
    unlinkSync(file);
    rmSync(folder, { recursive: true, force: true });
    removed = true;
  } catch {
    // removed at close
  }
  return {
    fd,
    where: removed ? `a temporary file in ${tmpdir()}` : file,
    close() {
      closeSync(fd);
      if (!removed) rmSync(folder, { recursive: true, force: true });
    },
  };
}
