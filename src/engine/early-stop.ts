import { decideSequence, sequenceInterval } from '../metrics/confidence-sequence.js';
import { maxDenominator, metricUnit, type UnitSource } from '../metrics/metric-units.js';
import { derivedRng, shuffled } from '../metrics/random.js';
import { UsageError } from '../model/errors.js';
import type {
  EarlyStopOptions,
  EarlyStopSummary,
  Gate,
  GateBasis,
  GateResult,
  SequentialGateCheck,
} from '../model/gates.js';
import type { Item, ItemList, Passage } from '../model/types.js';

import { estimateRun } from './dry-run.js';
import { type RunEnvironment, type RunResult, type RunSettings, runProbeSuite } from './runner.js';

/**
 * Checks every gate on the questions seen so far, in the order they were drawn. Stops when one
 * gate is decided failed or all are decided passed. Each gate gets alpha / gates of the error
 * budget (half per end of its interval), so with probability at least 1 - alpha every interval
 * holds its target at every look at once.
 */
export function checkGatesSequentially(
  drawn: readonly UnitSource[],
  gates: readonly Gate[],
  options: { alpha: number; populationSize: number | null; topK: number; intervals: boolean },
): { decision: 'pass' | 'fail' | null; gates: SequentialGateCheck[] } {
  const alphaPerSide = options.alpha / (2 * gates.length);
  const checks = gates.map((gate): SequentialGateCheck => {
    const units = drawn.map((q) => metricUnit(q, gate.metric));
    const sequence = {
      populationSize: options.populationSize,
      alphaPerSide,
      scale: maxDenominator(gate.metric, options.topK),
    };
    const side = decideSequence(units, gate.threshold, sequence);
    const passSide = gate.kind === 'min' ? 'above' : 'below';
    const decision = side === 'undecided' ? 'undecided' : side === passSide ? 'pass' : 'fail';
    const interval = options.intervals
      ? sequenceInterval(units, { ...sequence, tuneAt: gate.threshold })
      : ([0, 1] as [number, number]);
    return { ...gate, decision, interval };
  });
  const decision = checks.some((c) => c.decision === 'fail')
    ? 'fail'
    : checks.every((c) => c.decision === 'pass')
      ? 'pass'
      : null;
  return { decision, gates: checks };
}

/** The environment with a retriever that answers each question once, however many looks ask. */
function memoRetriever(environment: RunEnvironment): RunEnvironment {
  const { retriever } = environment;
  const memo = new Map<string, Promise<Passage[]>>();
  const wrapped: RunEnvironment = {
    ...environment,
    retriever: {
      id: retriever.id,
      retrieve(query, topK, signal) {
        const key = `${topK}\u0000${query.id}`;
        let found = memo.get(key);
        if (found === undefined) {
          found = retriever.retrieve(query, topK, signal);
          memo.set(key, found);
        }
        return found;
      },
    },
  };
  return wrapped;
}

/**
 * Runs the probe suite look by look on a seeded random order of the questions and stops once the
 * gates are decided (see {@link checkGatesSequentially}). Each look re-runs the suite on every
 * question drawn so far: answers already given come from the cache, so only the new questions
 * cost calls, and the last look's result is an ordinary run over the drawn questions.
 */
export async function runWithEarlyStop(
  items: readonly Item[],
  settings: RunSettings,
  environment: RunEnvironment,
  options: EarlyStopOptions & { gates: readonly Gate[]; basis: GateBasis },
): Promise<RunResult & { earlyStop: EarlyStopSummary }> {
  const order = shuffled(derivedRng(settings.seed, 'early-stop', 'order'), items);
  const batchSize = options.batchSize ?? Math.max(2 * environment.concurrency, Math.ceil(items.length / 20));
  const populationSize = options.basis === 'point' ? items.length : null;
  const memoized = memoRetriever(environment);
  const looks: EarlyStopSummary['looks'][number][] = [];
  let liveCalls = 0;
  let retried = 0;
  let previousLive = 0;
  let drawnCount = 0;
  let result: RunResult | undefined;
  let decision: 'pass' | 'fail' | null = null;
  while (drawnCount < order.length && decision === null) {
    drawnCount = Math.min(order.length, drawnCount + batchSize);
    const drawnIds = new Set(order.slice(0, drawnCount).map((item) => item.id));
    result = await runProbeSuite(items, settings, memoized, drawnIds);
    previousLive = liveCalls;
    liveCalls += result.counts.liveCalls;
    retried += result.counts.retried;
    const byId = new Map(result.questions.map((q) => [q.id, q]));
    const drawn = order.slice(0, drawnCount).flatMap((item) => byId.get(item.id) ?? []);
    const check = checkGatesSequentially(drawn, options.gates, {
      alpha: options.alpha,
      populationSize,
      topK: settings.topK,
      intervals: true,
    });
    looks.push({ questions: drawnCount, gates: check.gates });
    // Running out of questions is the full run itself: the usual gates decide, not the sequence.
    if (drawnCount < order.length) decision = check.decision;
  }
  const final = result as RunResult;
  // The calls the questions left out would have needed, planned as --dry-run plans them (every
  // question was already retrieved for the pool, so this costs no retrieval).
  const skipped = new Set(order.slice(drawnCount).map((item) => item.id));
  const saved =
    skipped.size === 0
      ? { min: 0, max: 0 }
      : (
          await estimateRun(
            items,
            settings,
            memoized.retriever,
            environment.matcher,
            environment.signal,
            skipped,
          )
        ).calls;
  return {
    ...final,
    counts: {
      ...final.counts,
      liveCalls,
      retried,
      // Calls answered in earlier looks come back from the cache in later ones; they are not hits.
      cacheHits: Math.max(0, final.counts.cacheHits - previousLive),
    },
    earlyStop: {
      rule: 'betting confidence sequence',
      target: populationSize === null ? 'population value' : 'full-run value',
      alpha: options.alpha,
      level: 1 - options.alpha / options.gates.length,
      seed: settings.seed,
      batchSize,
      stoppedEarly: drawnCount < order.length,
      decision,
      questionsProbed: drawnCount,
      questionsTotal: order.length,
      looks,
      callsSaved: saved,
    },
  };
}

/**
 * The gates of an early-stopped run: a gate the sequence decided takes that decision, checked
 * against its interval's end on the decided side; the others keep their usual check on the
 * questions probed, with the sequence attached.
 */
export function applySequentialGates(
  gates: readonly GateResult[],
  earlyStop: EarlyStopSummary | undefined,
): GateResult[] {
  if (earlyStop === undefined) return [...gates];
  const last = earlyStop.looks.at(-1);
  return gates.map((gate, index) => {
    const check = last?.gates[index];
    if (check === undefined) return gate;
    const decisive = earlyStop.stoppedEarly && check.decision !== 'undecided';
    const sequence = {
      decision: check.decision,
      decisive,
      interval: check.interval,
      level: earlyStop.level,
      questions: earlyStop.questionsProbed,
    };
    if (!decisive) return { ...gate, sequence };
    const [lower, upper] = check.interval;
    const passed = check.decision === 'pass';
    // The end on the decided side: above the threshold for a passed min gate, and so on.
    const checked = gate.kind === 'min' ? (passed ? lower : upper) : passed ? upper : lower;
    const margin = gate.kind === 'min' ? checked - gate.threshold : gate.threshold - checked;
    return { ...gate, checked, passed, margin, by: passed ? null : -margin, sequence };
  });
}

/** The shape of {@link runProbeSuite}, with the early-stop summary when there is one. */
export type ProbeSuite = (
  items: ItemList,
  settings: RunSettings,
  environment: RunEnvironment,
  probeIds?: ReadonlySet<string>,
) => Promise<RunResult & { readonly earlyStop?: EarlyStopSummary }>;

/** A {@link ProbeSuite} that stops early; `probeIds` (sharding) is not supported with it. */
export function earlyStopSuite(
  options: EarlyStopOptions & { gates: readonly Gate[]; basis: GateBasis },
): ProbeSuite {
  return (items, settings, environment, probeIds) => {
    if (probeIds !== undefined) throw new UsageError('--early-stop cannot be combined with --shard');
    // Each look draws from a shuffled order of every question: they are held in memory here.
    const list = Array.from({ length: items.length }, (_, index) => items.at(index) as Item);
    return runWithEarlyStop(list, settings, environment, options);
  };
}
