import type { Command } from 'commander';
import type { AuditInput } from '../config/audit-options.js';
import { readJsonFile } from '../dataset/read-text.js';
import { UsageError } from '../model/errors.js';
import type { Gate } from '../model/gates.js';
import { parseGates } from '../verdicts/gates.js';

/** Flags whose commander attribute is the {@link AuditInput} key of the same name. */
const SETTING_FLAGS = [
  'generator',
  'retriever',
  'topK',
  'corpus',
  'inputFormat',
  'probes',
  'seed',
  'match',
  'semanticThreshold',
  'resamples',
  'attribute',
  'attributionSamples',
  'effectSizes',
  'shard',
  'gateOn',
  'maxErrorRate',
  'concurrency',
  'timeoutMs',
  'followRedirects',
  'retries',
  'backoffMs',
  'rateLimit',
  'maxConsecutiveFailures',
  'cache',
  'resume',
  'template',
  'system',
  'baseUrl',
  'apiKeyEnv',
  'apiVersion',
  'logprobs',
  'offline',
  'maxNewTokens',
  'batchSize',
  'maxLineBytes',
  'cacheSalt',
] as const satisfies readonly (keyof AuditInput)[];

function parseHeaders(values: readonly string[] | undefined, flag: string): Record<string, string> {
  return Object.fromEntries(
    (values ?? []).map((header) => {
      const colon = header.indexOf(':');
      if (colon <= 0) throw new UsageError(`${flag} ${JSON.stringify(header)}: expected 'Name: value'`);
      return [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
    }),
  );
}

function readBody(file: string | undefined, flag: string): { body?: unknown } {
  if (file === undefined) return {};
  return {
    body: readJsonFile(file, { label: `${flag} ${file}`, fail: (message) => new UsageError(message) }),
  };
}

/**
 * The flags layer of `probe`: only the flags given on the command line (a flag left at its
 * default must not hide the environment or the config file), as {@link AuditInput}.
 */
export function flagLayer(command: Command): AuditInput {
  const values = command.opts<Record<string, unknown>>();
  const given = (key: string) => command.getOptionValueSource(key) === 'cli';
  const layer: Record<string, unknown> = {};
  for (const key of SETTING_FLAGS) if (given(key)) layer[key] = values[key];
  const gates: Gate[] = [
    ...(typeof values.failUnder === 'string' ? parseGates(values.failUnder, 'min', '--fail-under') : []),
    ...(typeof values.max === 'string' ? parseGates(values.max, 'max', '--max') : []),
  ];
  if (gates.length > 0) layer.gates = gates;
  if (values.earlyStop === true) {
    layer.earlyStop = {
      alpha: values.earlyStopAlpha as number,
      ...(values.earlyStopBatch === undefined ? {} : { batchSize: values.earlyStopBatch as number }),
    };
  }
  const http = {
    generator: {
      ...readBody(values.httpBody as string | undefined, '--http-body'),
      ...(values.httpAnswerPath === undefined ? {} : { answerPath: values.httpAnswerPath as string }),
      headers: parseHeaders(values.httpHeader as string[] | undefined, '--http-header'),
    },
    retriever: {
      ...readBody(values.retrieverBody as string | undefined, '--retriever-body'),
      ...(values.retrieverPassagesPath === undefined
        ? {}
        : { passagesPath: values.retrieverPassagesPath as string }),
      headers: parseHeaders(values.retrieverHeader as string[] | undefined, '--retriever-header'),
    },
  };
  return { ...layer, http } as AuditInput;
}
