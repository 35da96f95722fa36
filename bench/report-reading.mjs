#!/usr/bin/env node
import { constants } from 'node:buffer';
// Reading reports back (npm run bench): a report past the longest string JavaScript can hold
// (buffer.constants.MAX_STRING_LENGTH, 512 MB), read by `explain` and `compare` through the CLI,
// each in a fresh process (wall-clock seconds and peak RSS), against the baseline: the whole file
// read as one string and parsed (what ragseam did before), which cannot read it.
// The report is made from a small real one: a 200-question run against the instant generator,
// its questions repeated under new ids until the file passes BENCH_REPORT_MB (default 600).
//   BENCH_REPORT_MB=600 node bench/report-reading.mjs
// Figures go in docs/performance.md.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticDataset } from './synthetic-questions.mjs';

const TARGET_MB = Number(process.env.BENCH_REPORT_MB ?? 600);

/** The CLI in a fresh process; its peak resident memory from its own resource usage at exit. */
function run(args) {
  const script = `process.on('exit', () => process.stderr.write('\\n' + process.resourceUsage().maxRSS + '\\n'));
process.argv = [process.argv[0], 'ragseam', ...${JSON.stringify(args)}];
await import('./dist/cli/main.js');`;
  const started = performance.now();
  const child = spawnSync('node', ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - started) / 1000;
  const peakKb = Number(child.stderr.trim().split('\n').at(-1));
  return { status: child.status, seconds, peakMb: peakKb / 1024, stderr: child.stderr };
}

const work = mkdtempSync(join(tmpdir(), 'ragseam-bench-report-'));
try {
  // A small report of a real run.
  const dataset = join(work, 'dataset.jsonl');
  await writeSyntheticDataset(dataset, 200, 5);
  const small = join(work, 'small.json');
  const probe = run([
    'probe',
    dataset,
    '-g',
    'exec:node bench/instant-generator.mjs',
    '--no-cache',
    '--out',
    small,
    '--format',
    'json',
  ]);
  if (probe.status !== 0) throw new Error(`the small run failed: ${probe.stderr}`);
  // Its questions repeated under new ids, written piece by piece as ragseam writes a report.
  const text = readFileSync(small, 'utf8');
  const open = '"questions": [\n';
  const at = text.indexOf(open) + open.length;
  const end = text.lastIndexOf('\n  ]');
  const head = text.slice(0, at);
  const questions = text.slice(at, end);
  const tail = text.slice(end);
  const big = join(work, 'big.json');
  const fd = openSync(big, 'w');
  writeSync(fd, head);
  let copies = 0;
  for (let size = 0; size < TARGET_MB * 2 ** 20; copies++) {
    const copy = `${copies === 0 ? '' : ',\n'}${questions.replaceAll('"id": "q', `"id": "c${copies}-q`)}`;
    size += writeSync(fd, copy);
  }
  writeSync(fd, tail);
  closeSync(fd);
  const bytes = statSync(big).size;
  const count = copies * 200;
  console.log(
    `report: ${count} questions, ${(bytes / 2 ** 20).toFixed(0)} MB (the longest string: ${(constants.MAX_STRING_LENGTH / 2 ** 20).toFixed(0)} M characters)`,
  );
  let baseline;
  try {
    JSON.parse(readFileSync(big, 'utf8'));
    baseline = 'read';
  } catch (error) {
    baseline = `fails: ${error.code ?? error.message}`;
  }
  console.log(`baseline, the whole file as one string: ${baseline}`);
  console.log('| command | exit | wall s | peak RSS MB |');
  console.log('|---|---:|---:|---:|');
  const last = `c${copies - 1}-q199`;
  for (const [label, args] of [
    [`explain (the last question, ${last})`, ['explain', big, last]],
    ['compare (the report with itself)', ['compare', big, big, '--format', 'json']],
  ]) {
    const result = run(args);
    console.log(
      `| ${label} | ${result.status} | ${result.seconds.toFixed(1)} | ${result.peakMb.toFixed(0)} |`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
