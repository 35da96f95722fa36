#!/usr/bin/env node
// A generator for the orchestration benchmark: answers at once with the first three words of the
// first passage (or "unknown"), so the run measures ragseam, not a model. With
// BENCH_RECORD_REQUESTS=<file> it also writes every request line it read to that file when its
// input ends, so the bare pipe can replay the very requests ragseam sent; with
// BENCH_GENERATOR_CPU=<file> it writes its own CPU seconds (user + system) there when its input ends.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const recordTo = process.env.BENCH_RECORD_REQUESTS;
const cpuTo = process.env.BENCH_GENERATOR_CPU;
const recorded = [];

const out = [];
let scheduled = false;
function flush() {
  process.stdout.write(out.join(''));
  out.length = 0;
  scheduled = false;
}
const input = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
input.on('line', (line) => {
  if (recordTo !== undefined) recorded.push(`${line}\n`);
  const request = JSON.parse(line);
  const first = request.passages[0]?.text.split(' ').slice(0, 3).join(' ') ?? 'unknown';
  out.push(`${JSON.stringify({ id: request.id, answer: first })}\n`);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
if (recordTo !== undefined) input.on('close', () => writeFileSync(recordTo, recorded.join('')));
if (cpuTo !== undefined)
  input.on('close', () => {
    const cpu = process.cpuUsage();
    writeFileSync(cpuTo, JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  });
