/**
 * Exit codes ragseam promises. 0 ran and passed, 1 ran and a gate failed, 2 bad usage/config/input,
 * 3 a provider failed or the environment did (a full disk, an unwritable folder), 70 an internal
 * bug, 130 interrupted by the user.
 */
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  usage: 2,
  provider: 3,
  environment: 3,
  internal: 70,
  interrupted: 130,
  /** Stopped by SIGTERM, after the same cleanup as Ctrl-C. */
  terminated: 143,
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

/**
 * The machine refused something ragseam needed (a folder it cannot create or write, a full disk,
 * no home folder). The message names the path and the system's reason.
 */
export class EnvironmentError extends RagseamError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.environment, options);
  }
}

/** System error codes that describe the machine's state, not a bug: see {@link environmentError}. */
const ENVIRONMENT_CODES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'it exists and is not a folder',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
};

/**
 * A file-system error (`ENOSPC`, `EACCES`, ...) as an {@link EnvironmentError} naming the path (`file`,
 * else the one the error carries) and the reason; undefined for anything else.
 */
export function environmentError(error: unknown, file?: string): EnvironmentError | undefined {
  const { code, path, dest } = (error ?? {}) as NodeJS.ErrnoException & { dest?: string };
  if (typeof code !== 'string' || ENVIRONMENT_CODES[code] === undefined) return undefined;
  const where = file ?? path ?? dest;
  return new EnvironmentError(
    `${where === undefined ? 'a file operation failed' : `${where}:`} ${ENVIRONMENT_CODES[code]} (${code})`,
    {
      hint:
        code === 'ENOSPC' || code === 'EDQUOT'
          ? 'free some space, or write the outputs and the cache (--cache) elsewhere'
          : 'check that the path exists, is a folder where a folder is expected, and is writable',
      cause: error,
    },
  );
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
