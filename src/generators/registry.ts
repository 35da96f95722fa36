import { UsageError } from '../model/errors.js';
import { lookupKind } from '../providers/spec.js';
import type { Generator, GeneratorFactory, GeneratorOptions } from './types.js';

/**
 * Generator kinds by exact name. Each kind's module loads when a generator of that kind is built,
 * so a run pays only for the kind it uses (and heavy providers import their dependencies inside
 * the factory on top of that).
 */
export const GENERATORS = {
  exec: async (argument, options) => (await import('./exec/index.js')).createExecGenerator(argument, options),
  openai: async (argument, options) =>
    (await import('./openai/index.js')).createOpenAIGenerator(argument, options),
  http: async (argument, options) => (await import('./http/index.js')).createHttpGenerator(argument, options),
  transformers: async (argument, options) =>
    (await import('./transformers/index.js')).createTransformersGenerator(argument, options),
} as const satisfies Record<string, GeneratorFactory>;

export type GeneratorKind = keyof typeof GENERATORS;

/** Builds the generator a `--generator` spec names. */
export async function createGenerator(spec: string, options: GeneratorOptions): Promise<Generator> {
  const { factory, argument, kind } = lookupKind(GENERATORS, spec, '--generator', 'exec:"python3 reader.py"');
  if (argument.trim() === '')
    throw new UsageError(`--generator ${spec}: the ${kind} kind needs an argument after "${kind}:"`);
  return factory(argument, options);
}
