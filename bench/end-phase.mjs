#!/usr/bin/env node
// The end phase of a run alone: the summary fold's intervals over a report's questions.
//   node bench/end-phase.mjs <report.json> [rounds, default 3] [dist folder ...]
// Folds the report's questions once per dist folder (default: this checkout's dist/), then, round by
// round, finishes the fold in-process (`fold.finish`) and, where the dist has it, with the worker
// threads (`finishSummary`, as a run does), timing each: wall-clock and CPU seconds (the process's
// user + system, the workers' included). Checks that every way gives the same summary, and prints
// the medians as JSON. The report must hold its questions (a run with `--out`, not streamed away).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [reportFile, roundsArg, ...dists] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 3);
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const options = { seed: report.settings.seed, resamples: report.settings.resamples };
const folders = dists.length === 0 ? ['dist'] : dists;

const ways = [];
for (const folder of folders) {
  const url = (path) => pathToFileURL(resolve(folder, path)).href;
  const { createSummaryFold } = await import(url('metrics/summary-fold.js'));
  const fold = createSummaryFold();
  for (const question of report.questions) fold.add(question);
  ways.push({
    name: `${folder} in-process`,
    run: () => ({ summary: fold.finish(options), replay: fold.replayAgreement(options) }),
  });
  let threaded;
  try {
    threaded = await import(url('engine/summary-intervals.js'));
  } catch {}
  if (threaded !== undefined)
    ways.push({
      name: `${folder} threaded`,
      run: async () => {
        const { summary, replayAgreement } = await threaded.finishSummary(fold, options, { minWork: 0 });
        return { summary, replay: replayAgreement };
      },
    });
}
report.questions = undefined;

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const times = new Map(ways.map((way) => [way.name, []]));
let expected;
for (let round = 0; round < rounds; round++) {
  for (const way of round % 2 === 0 ? ways : [...ways].reverse()) {
    const cpu = cpuSeconds();
    const started = performance.now();
    const result = JSON.stringify(await way.run());
    times.get(way.name).push({ wall: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu });
    expected ??= result;
    if (result !== expected) throw new Error(`${way.name} gave another summary`);
  }
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [name, runs] of times)
  console.log(
    JSON.stringify({
      way: name,
      wallSeconds: median(runs.map((r) => r.wall)),
      cpuSeconds: median(runs.map((r) => r.cpu)),
      walls: runs.map((r) => Number(r.wall.toFixed(2))),
      cpus: runs.map((r) => Number(r.cpu.toFixed(2))),
    }),
  );
