// The query loop both BM25 measurement scripts share: median wall and CPU time per question, and
// the ranked ids of the first 50 questions (to compare engines).
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
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    queryMedianMs: median(times),
    queryCpuMedianMs: median(cpuTimes),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    top,
  };
}
