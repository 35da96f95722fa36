import { UsageError } from '../core/errors.js';
import { splitSpec } from '../core/spec.js';
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
  const { kind, argument } = splitSpec(spec);
  if (!Object.hasOwn(GENERATORS, kind)) {
    throw new UsageError(`unknown generator kind "${kind}" in --generator ${spec}`, {
      hint: `valid kinds: ${Object.keys(GENERATORS).join(', ')} (written kind:argument, e.g. exec:"python3 reader.py")`,
    });
  }
  if (argument.trim() === '') throw new UsageError(`--generator ${spec}: the ${kind} kind needs an argument after "${kind}:"`);
  return GENERATORS[kind as GeneratorKind](argument, options);
}
