/** Why a running query was given up. */
export type CancelCause =
  | { readonly kind: 'aborted'; readonly reason: unknown }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'closed' };

/**
 * The one abort signal of a query run, fired by whichever comes first: the caller's signal, the
 * timeout (a timer for calls that hang, plus {@link checkDeadline} against the injectable clock
 * between polls), or the engine closing. `signal.reason` is the {@link CancelCause}.
 */
export class QueryCancellation {
  private readonly controller = new AbortController();
  private readonly deadlineMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly detach: () => void;

  constructor(
    caller: AbortSignal | undefined,
    readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    this.deadlineMs = now() + timeoutMs;
    this.timer = setTimeout(() => this.cancel({ kind: 'timeout' }), timeoutMs);
    this.timer.unref();
    const onAbort = (): void => this.cancel({ kind: 'aborted', reason: caller?.reason });
    if (caller?.aborted) onAbort();
    else caller?.addEventListener('abort', onAbort, { once: true });
    this.detach = () => caller?.removeEventListener('abort', onAbort);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The cause once cancelled, otherwise undefined. */
  get cause(): CancelCause | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as CancelCause) : undefined;
  }

  /** Cancels (the first cause wins). */
  cancel(cause: CancelCause): void {
    if (!this.controller.signal.aborted) this.controller.abort(cause);
  }

  /** Cancels with `timeout` when the clock has passed the deadline. */
  checkDeadline(): void {
    if (this.now() >= this.deadlineMs) this.cancel({ kind: 'timeout' });
  }

  /** Milliseconds left before the deadline (never negative). */
  remainingMs(): number {
    return Math.max(0, this.deadlineMs - this.now());
  }

  /** Stops the timer and forgets the caller's signal. */
  dispose(): void {
    clearTimeout(this.timer);
    this.detach();
  }
}

/** Thrown inside a run when its {@link QueryCancellation} fired; the engine turns it into the caller's error. */
export class CancelledSignal extends Error {
  constructor(readonly cancelCause: CancelCause) {
    super(`cancelled: ${cancelCause.kind}`);
    this.name = 'CancelledSignal';
  }
}

/**
 * Settles like `promise`, unless `signal` aborts first: then rejects with {@link CancelledSignal}.
 * The promise keeps running; callers that must act on its result attach to it themselves.
 */
export function unlessCancelled<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CancelledSignal(signal.reason as CancelCause));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledSignal(signal.reason as CancelCause));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
