import { summarizeAttribution } from '../metrics/attribution.js';
import { summarizeEffects } from '../metrics/effect-sizes.js';
import { summarizeReplay } from '../metrics/replay.js';
import { summarize } from '../metrics/scores.js';
import { InputError } from '../model/errors.js';
import type { Gate, GateBasis } from '../model/gates.js';
import type { Report, ReportSettings } from '../model/report.js';
import { evaluateGates } from './gates.js';

/** A shard report with the file it was read from, for messages. */
export interface ShardReport {
  readonly file: string;
  readonly report: Report;
}

function settingsWithoutShard(settings: ReportSettings): Omit<ReportSettings, 'shard'> {
  const { shard: _, ...rest } = settings;
  return rest;
}

function checkShards(shards: readonly ShardReport[]): void {
  if (shards.length === 0) throw new InputError('merge needs at least one report');
  const first = shards[0] as ShardReport;
  const count = first.report.settings.shard?.count;
  const seen = new Map<number, string>();
  const reference = JSON.stringify(settingsWithoutShard(first.report.settings));
  for (const { file, report } of shards) {
    const shard = report.settings.shard;
    if (shard === undefined) {
      throw new InputError(`${file}: not a shard report (its settings have no "shard")`, {
        hint: 'run each part with --shard i/n',
      });
    }
    if (shard.count !== count) {
      throw new InputError(
        `${file}: shard ${shard.index}/${shard.count} does not belong with ${first.file} (shard .../${count})`,
      );
    }
    const previous = seen.get(shard.index);
    if (previous !== undefined)
      throw new InputError(`${file}: shard ${shard.index}/${count} is also ${previous}`);
    seen.set(shard.index, file);
    if (JSON.stringify(settingsWithoutShard(report.settings)) !== reference) {
      const ours = settingsWithoutShard(report.settings) as Record<string, unknown>;
      const theirs = settingsWithoutShard(first.report.settings) as Record<string, unknown>;
      const key = Object.keys({ ...ours, ...theirs }).find(
        (k) => JSON.stringify(ours[k]) !== JSON.stringify(theirs[k]),
      );
      throw new InputError(`${file}: its settings differ from ${first.file} (${key ?? 'settings'})`, {
        hint: 'every shard must run the same command apart from --shard',
      });
    }
  }
  const missing = Array.from({ length: count ?? 0 }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) {
    throw new InputError(
      `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`,
      {
        hint: 'merge needs the report of every shard',
      },
    );
  }
}

/**
 * Combines shard reports into the report the unsharded run gives: questions in dataset order,
 * the summary and its intervals recomputed from the per-question data, gates checked again,
 * call counts added up. Only `run` (timings, cache counts) differs from the unsharded report.
 * `gates` replaces the gates the shards were run with.
 */
export function mergeReports(
  shards: readonly ShardReport[],
  gates?: { readonly gates: readonly Gate[]; readonly basis: GateBasis },
): Report {
  checkShards(shards);
  const first = (shards[0] as ShardReport).report;
  const owner = new Map<string, string>();
  for (const { file, report } of shards) {
    for (const question of report.questions) {
      const other = owner.get(question.id);
      if (other !== undefined) throw new InputError(`${file}: question "${question.id}" is also in ${other}`);
      owner.set(question.id, file);
    }
  }
  const questions = shards.flatMap(({ report }) => report.questions).sort((a, b) => a.line - b.line);
  const { seed, resamples } = first.settings;
  // Effect sizes are recomputed when every shard measured them the same way.
  const scoring = shards.map(({ report }) => report.summary.effectSizes?.scoring);
  const effectSizes =
    scoring[0] !== undefined && scoring.every((method) => method === scoring[0])
      ? { effectSizes: summarizeEffects(questions, scoring[0], { seed, resamples }) }
      : {};
  const summary = { ...summarize(questions, { seed, resamples }), ...effectSizes };
  const sum = (pick: (report: Report) => number) =>
    shards.reduce((total, { report }) => total + pick(report), 0);
  const basis = gates?.basis ?? first.gates[0]?.basis ?? 'point';
  const checked =
    gates?.gates ?? first.gates.map(({ metric, kind, threshold }) => ({ metric, kind, threshold }));
  return {
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    settings: settingsWithoutShard(first.settings),
    summary: {
      ...summary,
      replayAgreement: summarizeReplay(questions, { seed, resamples }),
      ...(first.settings.attribution === undefined ? {} : { attribution: summarizeAttribution(questions) }),
      calls: sum((r) => r.summary.calls),
      errors: sum((r) => r.summary.errors),
    },
    gates: evaluateGates(summary, checked, { basis, questions, seed, resamples }),
    questions,
    run: {
      startedAt: shards.map(({ report }) => report.run.startedAt).sort()[0] ?? first.run.startedAt,
      durationMs: shards.reduce((longest, { report }) => Math.max(longest, report.run.durationMs), 0),
      liveCalls: sum((r) => r.run.liveCalls),
      cacheHits: sum((r) => r.run.cacheHits),
      retried: sum((r) => r.run.retried),
      ...(shards.some(({ report }) => (report.run.resumed ?? 0) > 0)
        ? { resumed: sum((r) => r.run.resumed ?? 0) }
        : {}),
      ...(shards.some(({ report }) => report.run.scoring !== undefined)
        ? {
            scoring: {
              liveCalls: sum((r) => r.run.scoring?.liveCalls ?? 0),
              cacheHits: sum((r) => r.run.scoring?.cacheHits ?? 0),
              retried: sum((r) => r.run.scoring?.retried ?? 0),
            },
          }
        : {}),
    },
  };
}
