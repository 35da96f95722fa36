import type { CliIO } from '../io.js';

/** What every command is given by main. */
export interface CommandContext {
  readonly io: CliIO;
  readonly version: string;
  /** The installed package's root folder (bundled fixtures live under it). */
  readonly packageRoot: string;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  setExitCode(code: number): void;
}
