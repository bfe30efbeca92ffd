/**
 * Thrown from a subscription's stream once more changes were waiting for it than its queue holds:
 * the subscriber reads slower than changes arrive. The WebSocket layer closes the socket with
 * 4008 (`SLOW_SUBSCRIBER_CLOSE_CODE`); the client should reconnect and read the current state again.
 */
export class SubscriberTooSlowError extends Error {
  override readonly name = 'SubscriberTooSlowError';
  readonly code = 'SUBSCRIBER_TOO_SLOW';

  constructor(
    /** Changes that were waiting when the queue overflowed (its capacity + 1). */
    readonly pendingChanges: number,
  ) {
    super(`subscriber too slow: ${pendingChanges} pending changes; reconnect`);
  }
}

/** Options of {@link BoundedQueue}. */
export interface BoundedQueueOptions {
  /** Values held for a consumer that has not asked for them yet; one more overflows. At least 1. */
  readonly capacity: number;
  /**
   * Called once when the queue ends without the consumer asking (overflow) or when the consumer
   * returns: detach the producer here (e.g. remove the event listener).
   */
  readonly onEnd?: () => void;
}

/**
 * An async iterator fed by `push` that holds at most `capacity` values. A producer can never block
 * or throw: when a value arrives with the queue full, the queue drops what it holds, stops taking
 * values, ends (`onEnd`), and the consumer's next `next()` rejects with {@link SubscriberTooSlowError}.
 * Memory per queue is therefore bounded whatever the producer does and however stalled the consumer is.
 *
 * Why not `@repeaterjs/repeater` (what `@graphql-yoga/subscription` uses): an unbuffered Repeater
 * throws `RepeaterOverflowError` from `push` after 1,024 pending values — from inside an
 * EventTarget listener, so the process dies; its `SlidingBuffer`/`DroppingBuffer` never throw but
 * drop changes silently, and a wallboard that missed a change shows a wrong state with no way to
 * know. Ending the stream with a typed error lets the server close the socket with a clear code.
 */
export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly capacity: number;
  private readonly onEnd?: () => void;
  private buffer: T[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T>) => void)[] = [];
  private ended = false;
  private failure: SubscriberTooSlowError | undefined;

  constructor(options: BoundedQueueOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) throw new RangeError(`capacity must be a whole number ≥ 1 (got ${options.capacity})`);
    this.capacity = options.capacity;
    this.onEnd = options.onEnd;
  }

  /** Values waiting for the consumer. */
  get pending(): number {
    return this.buffer.length - this.head;
  }

  /** Whether the queue ended (overflow or return); pushes are then ignored. */
  get done(): boolean {
    return this.ended;
  }

  /**
   * Hands a value to a waiting consumer or queues it.
   * @returns false when the value was not taken: the queue had ended, or it overflowed now.
   */
  push(value: T): boolean {
    if (this.ended) return false;
    const consumer = this.waiting.shift();
    if (consumer) {
      consumer({ value, done: false });
      return true;
    }
    if (this.pending >= this.capacity) {
      this.failure = new SubscriberTooSlowError(this.pending + 1);
      this.buffer = [];
      this.head = 0;
      this.end();
      return false;
    }
    this.buffer.push(value);
    return true;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.pending > 0) {
      const value = this.buffer[this.head] as T;
      this.buffer[this.head] = undefined as T;
      this.head++;
      // Compact now and then rather than shift(): shift is O(n) on a long array.
      if (this.head >= 1024 && this.head * 2 >= this.buffer.length) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The consumer is done: drops what is queued, ends the queue and releases waiting `next()` calls. */
  return(): Promise<IteratorResult<T>> {
    this.buffer = [];
    this.head = 0;
    this.failure = undefined;
    this.end();
    for (const consumer of this.waiting.splice(0)) consumer({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd?.();
  }
}
