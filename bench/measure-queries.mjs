// What the BM25 measurement scripts share: timing one query, medians, and the query loop (median
// wall and CPU time per question, and the ranked ids of the first 50 questions, to compare engines).
/** Median of a list of numbers. */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `run()`'s result, with its wall-clock and CPU time (user + system) in milliseconds. */
export function timed(run) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const spent = process.cpuUsage(cpu);
  return { result, wallMs: performance.now() - started, cpuMs: (spent.user + spent.system) / 1000 };
}

export async function measureQueries(questions, search) {
  const times = [];
  const cpuTimes = [];
  const top = [];
  for (const question of questions) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const ids = await search(question);
    const spent = process.cpuUsage(cpu);
    times.push(performance.now() - started);
    cpuTimes.push((spent.user + spent.system) / 1000);
    if (top.length < 50) top.push(ids);
  }
  return {
    queryMedianMs: median(times),
    queryCpuMedianMs: median(cpuTimes),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    top,
  };
}
