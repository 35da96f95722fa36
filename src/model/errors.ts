/**
 * Exit codes ragseam promises. 0 ran and passed, 1 ran and a gate failed, 2 bad usage/config/input,
 * 3 a provider failed, 70 an internal bug, 130 interrupted by the user.
 */
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  usage: 2,
  provider: 3,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base of every error ragseam raises on purpose: carries the exit code and an optional hint. */
export class RagseamError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCode, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Wrong flags or arguments. */
export class UsageError extends RagseamError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, ExitCode.usage, options);
  }
}

/** Bad input data; the message starts with `file:line:` where a line is known. */
export class InputError extends RagseamError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, ExitCode.usage, options);
  }
}

/** A config file that does not validate. */
export class ConfigError extends RagseamError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, ExitCode.usage, options);
  }
}

/**
 * A generator or retriever call failed. `fatal` errors (the provider broke its protocol or died)
 * stop the run; the others are retried and, if they persist, recorded on the probe.
 */
export class ProviderError extends RagseamError {
  readonly fatal: boolean;
  /** How long the server asked to wait before trying again (a `Retry-After` header), in ms. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: { hint?: string; fatal?: boolean; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, ExitCode.provider, options);
    this.fatal = options.fatal ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The user interrupted the run (Ctrl-C); everything already answered is in the cache. */
export class InterruptedError extends RagseamError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, ExitCode.interrupted, options);
  }
}

/** A bug in ragseam itself. */
export class InternalError extends RagseamError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, ExitCode.internal, options);
  }
}

/** Describes a thrown value for a message, without a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The one wording of a file that cannot be read: `<file>: cannot read it (<code>)`. */
export function cannotRead(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return `${file}: cannot read it (${code ?? describeError(error)})`;
}
