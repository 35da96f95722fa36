import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { ProviderError } from '../../model/errors.js';
import type { Generation, GenerationRequest, ScoreRequest, ScoringGenerator } from '../types.js';
import { readLines } from './line-reader.js';
import { PendingRequests, type Reply } from './pending-requests.js';

const STDERR_TAIL_LINES = 10;
/** The id of the start-up request that asks the process who it is. */
export const IDENTIFY_ID = 'ragseam:identify';
const EXCERPT_CHARS = 120;

function excerpt(text: string): string {
  return text.length <= EXCERPT_CHARS ? text : `${text.slice(0, EXCERPT_CHARS)}…`;
}

/** The log-probability a response carries, when it is a number no greater than 0. */
function logprobOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value <= 0 ? value : undefined;
}

/**
 * A long-lived child process speaking JSON Lines: one request per line on its stdin, one
 * response per line on its stdout, matched by id, possibly out of order. A scoring request
 * (`"score": <answer>`) asks the program for `logprob`, the log-probability of that answer.
 */
export class ExecGenerator implements ScoringGenerator {
  readonly scoring = 'teacher-forced';
  readonly id: string;
  private readonly baseFingerprint: string;
  /** What the process announced in answer to the start-up request, if anything. */
  private identity: unknown;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: PendingRequests;
  private readonly stderrTail: string[] = [];
  private nextRequest = 0;
  /** Requests written in this turn of the event loop are buffered and sent together at its end. */
  private corked = false;
  private stdoutLine = 0;
  private failure: ProviderError | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  constructor(
    argv: readonly string[],
    settings: {
      id: string;
      fingerprint: string;
      timeoutMs: number;
      maxLineBytes: number;
      debugLog?: (line: string) => void;
    },
  ) {
    this.id = settings.id;
    this.baseFingerprint = settings.fingerprint;
    this.pending = new PendingRequests(
      settings.timeoutMs,
      (id) => new ProviderError(`${this.id}: no answer to request ${id} within ${settings.timeoutMs} ms`),
    );
    const [command, ...args] = argv as [string, ...string[]];
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('close', () => resolve()));
    this.child.once('error', (error) =>
      this.fail(
        new ProviderError(`${this.id}: could not start "${command}": ${error.message}`, {
          fatal: true,
          hint: 'check that the command exists and is executable; it is run without a shell',
        }),
      ),
    );
    this.child.once('exit', (code, signal) => {
      if (this.closing) return;
      const how = signal === null ? `with code ${code}` : `on signal ${signal}`;
      const tail =
        this.stderrTail.length > 0 ? `; its last stderr lines:\n${this.stderrTail.join('\n')}` : '';
      this.fail(new ProviderError(`${this.id}: the generator process exited ${how}${tail}`, { fatal: true }));
    });
    this.child.stdin.on('error', () => {
      // EPIPE after the child died: the exit handler reports it.
    });
    readLines(this.child.stdout, settings.maxLineBytes, {
      line: (line) => this.onStdoutLine(line),
      tooLong: (head) => this.onLongLine(head, settings.maxLineBytes),
    });
    const onStderr = (line: string) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
      settings.debugLog?.(line);
    };
    readLines(this.child.stderr, settings.maxLineBytes, {
      line: onStderr,
      tooLong: (head) => onStderr(`${excerpt(head)} [line longer than ${settings.maxLineBytes} bytes, cut]`),
    });
  }

  /** The cache key's part beyond the id: the command's files and the announced identity. */
  get fingerprint(): string {
    return this.identity === undefined
      ? this.baseFingerprint
      : `${this.baseFingerprint}\0identity=${JSON.stringify(this.identity)}`;
  }

  /**
   * The start-up request: `{"id": "ragseam:identify", "question": "", "passages": [],
   * "identify": true}`. A process that knows it answers `{"id": ..., "identity": <any JSON>}`
   * (model name, version, weights hash), which becomes part of the cache key; any other reply (an
   * answer to the empty question, an error) means it announces nothing, and is discarded.
   */
  async identify(signal?: AbortSignal): Promise<unknown> {
    try {
      const reply = await this.send({ question: '', passages: [] }, { identify: true }, signal, IDENTIFY_ID);
      const identity = reply.message.identity;
      this.identity = identity === null ? undefined : identity;
    } catch (error) {
      // An error reply to the empty question: the program announces nothing.
      if (!(error instanceof ProviderError) || error.fatal) throw error;
    }
    return this.identity;
  }

  async generate(request: GenerationRequest, signal?: AbortSignal): Promise<Generation> {
    const response = await this.send(request, {}, signal);
    const { answer, logprobs, logprob } = response.message;
    if (typeof answer !== 'string') {
      throw this.fail(
        new ProviderError(
          `${response.where}: "answer" must be a string (got ${answer === null ? 'null' : typeof answer})`,
          { fatal: true },
        ),
      );
    }
    const numbers =
      Array.isArray(logprobs) && logprobs.every((x) => typeof x === 'number')
        ? (logprobs as number[])
        : undefined;
    // A total log-probability stands for the token list when the program gives no list.
    const total = logprobOf(logprob);
    const tokens = numbers ?? (total === undefined ? undefined : [total]);
    return tokens === undefined ? { answer } : { answer, logprobs: tokens };
  }

  /** Scoring requests, one line each: `{"id", "question", "passages", "score": <answer>}`. */
  score(requests: readonly ScoreRequest[], signal?: AbortSignal): Promise<number[]> {
    return Promise.all(
      requests.map(async (request) => {
        const response = await this.send(request, { score: request.answer }, signal);
        const logprob = logprobOf(response.message.logprob);
        if (logprob === undefined) {
          throw this.fail(
            new ProviderError(
              `${response.where}: a scoring request needs "logprob", a number <= 0 (got ${JSON.stringify(response.message.logprob ?? null)})`,
              {
                fatal: true,
                hint: 'the program does not answer scoring requests (docs/providers.md); run with --no-effect-sizes',
              },
            ),
          );
        }
        return logprob;
      }),
    );
  }

  private send(
    request: GenerationRequest,
    extra: Record<string, unknown>,
    signal: AbortSignal | undefined,
    id = `r${this.nextRequest++}`,
  ): Promise<Reply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const line = JSON.stringify({
      id,
      question: request.question,
      passages: request.passages.map((p) => ({ id: p.id, title: p.title ?? null, text: p.text })),
      ...extra,
    });
    const reply = this.pending.add(id, signal);
    if (!this.corked) {
      // One write (writev) for all of a turn's requests instead of one system call each.
      this.corked = true;
      this.child.stdin.cork();
      process.nextTick(() => {
        this.corked = false;
        this.child.stdin.uncork();
      });
    }
    this.child.stdin.write(`${line}\n`);
    return reply;
  }

  /**
   * A stdout line over the cap fails the call it answers (its id is read from the line's start);
   * without a readable id it breaks the protocol.
   */
  private onLongLine(head: string, maxLineBytes: number): void {
    this.stdoutLine++;
    const where = `${this.id}: stdout line ${this.stdoutLine}`;
    const id = /^\s*\{\s*"id"\s*:\s*"([^"\\]*)"/.exec(head)?.[1];
    const message = `${where} is longer than ${maxLineBytes} bytes (--max-line-bytes)`;
    if (id === undefined || !this.pending.reject(id, new ProviderError(message)))
      this.fail(
        new ProviderError(`${message} and names no pending request: ${excerpt(head)}`, { fatal: true }),
      );
  }

  private onStdoutLine(raw: string): void {
    this.stdoutLine++;
    const line = raw.trim();
    if (line === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.fail(
        new ProviderError(`${this.id}: stdout line ${this.stdoutLine} is not valid JSON: ${excerpt(line)}`, {
          fatal: true,
          hint: 'the generator must write exactly one JSON object per line to stdout; send logs to stderr',
        }),
      );
      return;
    }
    const where = `${this.id}: stdout line ${this.stdoutLine}`;
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.fail(new ProviderError(`${where}: expected a JSON object, got ${excerpt(line)}`, { fatal: true }));
      return;
    }
    const { id, error } = message as Record<string, unknown>;
    if (typeof id !== 'string') {
      this.fail(new ProviderError(`${where}: "id" must be a string (got ${typeof id})`, { fatal: true }));
      return;
    }
    // A late answer to a request that already timed out: nothing waits for it any more.
    if (typeof error === 'string')
      this.pending.reject(
        id,
        new ProviderError(`${where}: the generator reported an error: ${excerpt(error)}`),
      );
    else this.pending.resolve(id, { message: message as Record<string, unknown>, where });
  }

  /** Fails every pending and later call with `error` (the first failure wins); returns it. */
  private fail(error: ProviderError): ProviderError {
    if (this.failure !== undefined) return this.failure;
    this.failure = error;
    this.pending.rejectAll(error);
    return error;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.pending.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}
