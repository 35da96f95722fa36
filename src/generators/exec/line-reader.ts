import type { Readable } from 'node:stream';

/** What a line reader reports: whole lines, and the start of each line that was too long. */
export interface LineHandlers {
  line(text: string): void;
  /** A line passed `maxBytes`; `head` is its first bytes. The rest of it is skipped. */
  tooLong(head: string): void;
}

const HEAD_BYTES = 200;
const NEWLINE = 10;

/**
 * Splits a child's output stream into lines (`\n`, a trailing `\r` removed), never holding more
 * than `maxBytes` of one line: a process that writes an endless line cannot exhaust memory or hit
 * the longest string V8 allows.
 */
export function readLines(stream: Readable, maxBytes: number, handlers: LineHandlers): void {
  let parts: Buffer[] = [];
  let length = 0;
  let skipping = false;
  const emit = (tail: Buffer) => {
    if (skipping) {
      skipping = false;
      return;
    }
    const text = Buffer.concat([...parts, tail]).toString('utf8');
    handlers.line(text.endsWith('\r') ? text.slice(0, -1) : text);
  };
  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      if (!skipping && length + (end - start) > maxBytes) {
        handlers.tooLong(
          Buffer.concat([...parts, chunk.subarray(start, end)])
            .subarray(0, HEAD_BYTES)
            .toString(),
        );
        skipping = true;
      }
      emit(chunk.subarray(start, end));
      parts = [];
      length = 0;
      start = end + 1;
    }
    if (start >= chunk.length || skipping) return;
    const rest = chunk.subarray(start);
    if (length + rest.length > maxBytes) {
      handlers.tooLong(
        Buffer.concat([...parts, rest])
          .subarray(0, HEAD_BYTES)
          .toString(),
      );
      skipping = true;
      parts = [];
      length = 0;
      return;
    }
    parts.push(Buffer.from(rest));
    length += rest.length;
  });
  stream.on('end', () => {
    if (length > 0 && !skipping) emit(Buffer.alloc(0));
  });
}
