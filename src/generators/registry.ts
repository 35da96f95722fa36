import { UsageError } from '../model/errors.js';
import { lookupKind } from '../providers/spec.js';
import { createExecGenerator } from './exec/index.js';
import { createHttpGenerator } from './http/index.js';
import { createOpenAIGenerator } from './openai/index.js';
import { createTransformersGenerator } from './transformers/index.js';
import type { Generator, GeneratorFactory, GeneratorOptions } from './types.js';

/** Generator kinds by exact name. Heavy providers import their dependencies inside the factory. */
export const GENERATORS = {
  exec: createExecGenerator,
  openai: createOpenAIGenerator,
  http: createHttpGenerator,
  transformers: createTransformersGenerator,
} as const satisfies Record<string, GeneratorFactory>;

export type GeneratorKind = keyof typeof GENERATORS;

/** Builds the generator a `--generator` spec names. */
export async function createGenerator(spec: string, options: GeneratorOptions): Promise<Generator> {
  const { factory, argument, kind } = lookupKind(GENERATORS, spec, '--generator', 'exec:"python3 reader.py"');
  if (argument.trim() === '')
    throw new UsageError(`--generator ${spec}: the ${kind} kind needs an argument after "${kind}:"`);
  return factory(argument, options);
}
