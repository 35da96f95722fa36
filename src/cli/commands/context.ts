import type { CliIO } from '../io.js';

/** What every command is given by main. */
export interface CommandContext {
  readonly io: CliIO;
  readonly version: string;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  setExitCode(code: number): void;
}
