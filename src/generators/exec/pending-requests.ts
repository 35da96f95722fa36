/** What an answered request settles with: the response object and where it was read. */
export interface Reply {
  readonly message: Record<string, unknown>;
  readonly where: string;
}

interface Entry {
  resolve(reply: Reply): void;
  reject(error: unknown): void;
  /** When the request times out (`performance.now()` time). */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * The requests written to a generator process and not answered yet, by id. One timer serves
 * every request's timeout and one listener serves each abort signal, instead of a timer and a
 * listener per request: a run makes millions of requests. Requests are kept in the order sent,
 * which is also their deadline order (one timeout for all), so the timer looks at the front only.
 */
export class PendingRequests {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private readonly watched = new WeakSet<AbortSignal>();

  constructor(
    private readonly timeoutMs: number,
    /** The error of a request that had no answer within `timeoutMs`. */
    private readonly timedOut: (id: string) => Error,
  ) {}

  /** Waits for request `id`'s answer; it fails when `signal` aborts or the timeout passes. */
  add(id: string, signal: AbortSignal | undefined): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.entries.set(id, { resolve, reject, deadline: performance.now() + this.timeoutMs, signal });
      this.arm();
      if (signal !== undefined) this.watch(signal);
    });
  }

  /** Whether request `id` is waiting for its answer. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Settles request `id` with its answer; false when nothing waits for it. */
  resolve(id: string, reply: Reply): boolean {
    const entry = this.take(id);
    entry?.resolve(reply);
    return entry !== undefined;
  }

  /** Fails request `id`; false when nothing waits for it. */
  reject(id: string, error: unknown): boolean {
    const entry = this.take(id);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** Fails every waiting request with `error`. */
  rejectAll(error: unknown): void {
    for (const id of [...this.entries.keys()]) this.reject(id, error);
  }

  /** Stops the timer (the requests still waiting stay so). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private take(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    this.entries.delete(id);
    // No timer outlives the last request: it would keep the process alive for the timeout.
    if (this.entries.size === 0) this.close();
    return entry;
  }

  /** Sets the timer for the earliest deadline, unless it is set. */
  private arm(): void {
    if (this.timer !== undefined) return;
    const first = this.entries.values().next().value;
    if (first === undefined) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.expire();
      },
      Math.max(0, first.deadline - performance.now()),
    );
  }

  /** Fails the requests whose deadline has passed, then sets the timer for the next one. */
  private expire(): void {
    const now = performance.now();
    for (const [id, entry] of this.entries) {
      if (entry.deadline > now) break;
      this.reject(id, this.timedOut(id));
    }
    this.arm();
  }

  /** Listens to `signal` once: when it aborts, the requests given it fail with its reason. */
  private watch(signal: AbortSignal): void {
    if (this.watched.has(signal)) return;
    this.watched.add(signal);
    const onAbort = () => {
      for (const [id, entry] of [...this.entries])
        if (entry.signal === signal) this.reject(id, signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  }
}
