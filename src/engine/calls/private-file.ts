import {
  closeSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  unlinkSync,
  writeSync,
  writevSync,
} from 'node:fs';
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

/** Buffers one `writev` takes at most (IOV_MAX on Linux and macOS). */
const IOV_MAX = 1024;

/**
 * Writes `buffers` in order at the file's position, up to {@link IOV_MAX} of them per system call
 * (many small buffers in one call, rather than a call each or a copy into one buffer).
 */
export function writeBuffers(fd: number, buffers: readonly Uint8Array[]): void {
  for (let start = 0; start < buffers.length; start += IOV_MAX) {
    const group = buffers.slice(start, start + IOV_MAX);
    let written = writevSync(fd, group);
    // A short write (rare on a file) is finished buffer by buffer.
    for (const buffer of group) {
      if (written >= buffer.length) {
        written -= buffer.length;
        continue;
      }
      let done = written;
      written = 0;
      while (done < buffer.length) done += writeSync(fd, buffer, done);
    }
  }
}

/** Reads up to `length` bytes at `position` into the start of `into`; fewer only at the file's end. */
export function readAt(fd: number, into: Uint8Array, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const got = readSync(fd, into, done, length - done, position + done);
    if (got === 0) break;
    done += got;
  }
  return done;
}
