#!/usr/bin/env node
// One orchestration run in a fresh process, through the CLI (the report streamed to a file), so
// its peak memory and CPU time are its own (the generator's process not included):
//   node bench/audit-once.mjs <dataset> <cache dir | none> <report file> [more probe flags]
// prints {"calls", "liveCalls", "seconds", "cpuSeconds", "peakRssMb"} as JSON on stderr's last line.
// BENCH_MEMORY_SAMPLES=<file> appends process.memoryUsage() (MB) to that file every second, one
// JSON line each, to see what the resident memory is made of.
import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';

const [dataset, cache, out, ...flags] = process.argv.slice(2);
const started = performance.now();

const samples = process.env.BENCH_MEMORY_SAMPLES;
if (samples !== undefined && samples !== '') {
  const mb = (bytes) => Math.round(bytes / 1048576);
  setInterval(() => {
    const usage = process.memoryUsage();
    const cpu = process.cpuUsage();
    const line = {
      s: Math.round((performance.now() - started) / 1000),
      cpu: Math.round((cpu.user + cpu.system) / 1e6),
    };
    for (const [name, bytes] of Object.entries(usage)) line[name] = mb(bytes);
    appendFileSync(samples, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}

/** A number field of the report, from its first or last kilobytes (the report may be gigabytes). */
function field(name, fromEnd) {
  // --dry-run writes no report.
  let size;
  try {
    size = statSync(out).size;
  } catch {
    return undefined;
  }
  const length = Math.min(size, 1 << 16);
  const buffer = Buffer.alloc(length);
  const fd = openSync(out, 'r');
  readSync(fd, buffer, 0, length, fromEnd ? size - length : 0);
  closeSync(fd);
  const match = new RegExp(`"${name}": (\\d+)`).exec(buffer.toString('utf8'));
  return match === null ? undefined : Number(match[1]);
}

process.on('exit', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(
    `\n${JSON.stringify({
      calls: field('calls', false),
      liveCalls: field('liveCalls', true),
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
});
process.argv = [
  process.argv[0],
  'ragseam',
  'probe',
  dataset,
  '-g',
  'exec:node bench/instant-generator.mjs',
  '--concurrency',
  '32',
  ...(cache === 'none' ? ['--no-cache'] : ['--cache', cache]),
  '--out',
  out,
  '--format',
  'table',
  ...flags,
];
await import('../dist/cli/main.js');
