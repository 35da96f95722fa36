import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import envPaths from 'env-paths';
import { type AuditOptions, DEFAULT_SEMANTIC_THRESHOLD } from '../engine/audit.js';
import type { CliIO } from './io.js';
import { integerIn, numberIn } from './parse.js';

/** commander parser for `--match`: contains | exact | semantic:<model>. */
export function matchSpec(text: string): string {
  if (text === 'contains' || text === 'exact') return text;
  if (text.startsWith('semantic:') && text.length > 'semantic:'.length) return text;
  throw new InvalidArgumentError('expected contains, exact or semantic:<model folder or id>');
}

/** Adds the flags of local ONNX models: transformers generators, dense retrievers, semantic matching. */
export function addLocalModelFlags(command: Command): void {
  command
    .option('--corpus <file>', 'corpus JSON Lines for --retriever dense:<model> ({"id", "title"?, "text"})')
    .option('--offline', 'never download a model; a hub id must already be in the model cache')
    .option(
      '--max-new-tokens <n>',
      'generated tokens at most (transformers generators)',
      integerIn(1, 4096),
      32,
    )
    .option('--batch-size <n>', 'prompts per model call (transformers generators)', integerIn(1, 1024), 16)
    .option(
      '--semantic-threshold <cosine>',
      'cosine similarity at or above which --match semantic:<model> says two answers match',
      numberIn(-1, 1),
      DEFAULT_SEMANTIC_THRESHOLD,
    );
}

export interface LocalModelFlags {
  corpus?: string;
  offline?: boolean;
  maxNewTokens: number;
  batchSize: number;
  semanticThreshold: number;
}

/** Where downloaded models are kept: RAGSEAM_MODEL_CACHE, else `models` under the user cache dir. */
export function modelCacheDir(io: CliIO): string {
  const fromEnv = io.env.RAGSEAM_MODEL_CACHE;
  return fromEnv !== undefined && fromEnv !== ''
    ? fromEnv
    : join(envPaths('ragseam', { suffix: '' }).cache, 'models');
}

/** The audit options the local-model flags set. */
export function localModelOptions(
  flags: LocalModelFlags,
  io: CliIO,
): Pick<AuditOptions, 'offline' | 'semanticThreshold' | 'modelCacheDir'> & { corpus?: string } & {
  generatorOptions: NonNullable<AuditOptions['generatorOptions']>;
} {
  const offline = flags.offline === true;
  const cacheDir = modelCacheDir(io);
  return {
    offline,
    semanticThreshold: flags.semanticThreshold,
    modelCacheDir: cacheDir,
    ...(flags.corpus === undefined ? {} : { corpus: flags.corpus }),
    generatorOptions: { maxNewTokens: flags.maxNewTokens, batchSize: flags.batchSize },
  };
}
