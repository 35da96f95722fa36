import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ExitCode, environmentError, InterruptedError, RagseamError } from '../model/errors.js';
import { registerCompare } from './commands/compare.js';
import { registerDemo } from './commands/demo.js';
import { registerExplain } from './commands/explain.js';
import { registerInit } from './commands/init.js';
import { registerInspect } from './commands/inspect.js';
import { registerMerge } from './commands/merge.js';
import { registerProbe } from './commands/probe.js';
import { applyHeapPolicy } from './heap-policy.js';
import { type CliIO, chalkFor, processIO } from './io.js';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Prints an error the way every command does: `error: ...`, `hint: ...`, a stack only with --debug. */
function renderError(thrown: unknown, io: CliIO, debug: boolean): number {
  const chalk = chalkFor(io, 'stderr');
  // A full disk or an unwritable folder is the machine's state, not a bug: exit 3 naming the path.
  const error = environmentError(thrown) ?? thrown;
  if (error instanceof RagseamError) {
    io.stderr.write(`${chalk.red('error:')} ${error.message}\n`);
    if (error.hint !== undefined) io.stderr.write(`${chalk.dim('hint:')} ${error.hint}\n`);
    if (debug && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  io.stderr.write(
    `${chalk.red('error:')} internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  io.stderr.write(
    `${chalk.dim('hint:')} this is a bug in ragseam; please report it with the command you ran${debug ? '' : ' and the output of --debug'}\n`,
  );
  if (debug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}

/** parse -> dispatch -> render errors -> exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    io.stderr.write('\ninterrupting: finishing the calls in flight (Ctrl-C again to quit at once)\n');
    controller.abort(new InterruptedError('interrupted'));
  };
  // SIGTERM (a CI job cancelled, `kill`) cleans up like Ctrl-C, so an exec generator is not left
  // running, then exits 143 as a process killed by SIGTERM does.
  let terminated = false;
  const onSigterm = () => {
    if (terminated) process.exit(ExitCode.terminated);
    terminated = true;
    controller.abort(new InterruptedError('terminated'));
    // Cleanup is bounded: the generator gets its grace period (2 s), then ragseam exits anyway.
    setTimeout(() => process.exit(ExitCode.terminated), 5000).unref();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  let exitCode: number = ExitCode.ok;
  const version = packageVersion();
  const program = new Command('ragseam')
    .description(
      "find where a RAG stack's retriever and generator come apart: counterfactual probes on the retrieved passages",
    )
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const context = {
    io,
    version,
    packageRoot: fileURLToPath(new URL('../../', import.meta.url)),
    signal: controller.signal,
    setExitCode: (code: number) => (exitCode = code),
  };
  registerDemo(program, context);
  registerProbe(program, context);
  registerInspect(program, context);
  registerExplain(program, context);
  registerMerge(program, context);
  registerInit(program, context);
  registerCompare(program, context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return terminated ? ExitCode.terminated : exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (terminated) return ExitCode.terminated;
    if (controller.signal.aborted && !(error instanceof RagseamError && error.exitCode === ExitCode.usage)) {
      io.stderr.write(
        'error: interrupted\nhint: every answer received so far is cached; run the same command again to resume\n',
      );
      return ExitCode.interrupted;
    }
    return renderError(error, io, argv.includes('--debug'));
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

applyHeapPolicy(process.execArgv);
process.exitCode = await main(process.argv.slice(2));
