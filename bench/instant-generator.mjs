#!/usr/bin/env node
// A generator for the orchestration benchmark: answers at once with the first three words of the
// first passage (or "unknown"), so the run measures ragseam, not a model.
import { createInterface } from 'node:readline';

const out = [];
let scheduled = false;
function flush() {
  process.stdout.write(out.join(''));
  out.length = 0;
  scheduled = false;
}
createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
  const request = JSON.parse(line);
  const first = request.passages[0]?.text.split(' ').slice(0, 3).join(' ') ?? 'unknown';
  out.push(`${JSON.stringify({ id: request.id, answer: first })}\n`);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
