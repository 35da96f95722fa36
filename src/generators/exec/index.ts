import { UsageError } from '../../model/errors.js';
import type { Generator, GeneratorFactory } from '../types.js';
import { fingerprintFiles, splitCommandLine } from './command-line.js';
import { ExecGenerator } from './exec-generator.js';

/** `exec:<command line>`: a child process speaking the JSON Lines protocol (README, "exec protocol"). */
export const createExecGenerator: GeneratorFactory = async (commandLine, options) => {
  const split = splitCommandLine(commandLine);
  if ('error' in split) {
    throw new UsageError(`--generator exec:${commandLine}: ${split.error}`, {
      hint: 'write the command as you would type it, e.g. exec:"python3 reader.py --flag"',
    });
  }
  const generator = new ExecGenerator(split.argv, {
    id: `exec:${commandLine.trim()}`,
    fingerprint: `files=${fingerprintFiles(split.argv)}`,
    timeoutMs: options.timeoutMs,
    maxLineBytes: options.maxLineBytes ?? 8 * 1024 * 1024,
    ...(options.debugLog === undefined ? {} : { debugLog: options.debugLog }),
  });
  try {
    await generator.identify(options.signal);
  } catch (error) {
    await generator.close();
    throw error;
  }
  if (options.scoreAnswers === true) return generator;
  // Scoring requests are an extension of the protocol a program may not know: sent only when asked.
  const plain: Generator = {
    id: generator.id,
    fingerprint: generator.fingerprint,
    generate: (request, signal) => generator.generate(request, signal),
    close: () => generator.close(),
  };
  return plain;
};
