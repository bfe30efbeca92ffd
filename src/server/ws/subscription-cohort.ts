import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { receivedAtOf } from '../../realtime/publish-time';
import type { FrameOwner, FrameWriter } from './frame-writer';

/**
 * One subscriber of a cohort, as graphql-ws sees it: an async iterator that yields nothing (the cohort
 * writes its frames) and ends on `return` (graphql-ws calls it on `complete` and on close).
 */
export interface MemberStream extends AsyncIterableIterator<ExecutionResult, void> {
  return(): Promise<IteratorResult<ExecutionResult, void>>;
}

/** What a cohort needs from the server. */
export interface CohortDeps {
  readonly writer: FrameWriter;
  /** The result as sent (errors coded and masked as over HTTP); undefined sends it as is. */
  readonly formatResult?: (result: ExecutionResult, contextValue: unknown) => unknown;
  /** Told once per change the cohort executed (filter passed; one execution whatever the cohort's size). */
  readonly onExecution?: () => void;
}

interface Member extends FrameOwner {
  readonly socket: WebSocket;
  /** `{"id":"…","type":"next","payload":` — the frame up to the payload, built once at join. */
  readonly prefix: string;
  waiter?: { resolve: (result: IteratorResult<ExecutionResult, void>) => void; reject: (error: unknown) => void };
  /** Set when the cohort ended: `done`, or the error to reject the member's stream with. */
  end?: { error?: unknown };
}

/** The `next` frame of operation `id` up to its payload: the payload text is spliced in, never re-serialized per subscriber. */
export function nextFramePrefix(id: string): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":`;
}

/**
 * The subscribers that share one operation, variables and scope (see `cohortKeyOf`): ONE source stream
 * from the schema's subscribe resolver (its topic filter runs once per change), ONE `execute` per
 * change that passed the filter, ONE `JSON.stringify` of the result, and the same frame text with each
 * subscriber's own id written to every member's socket through the {@link FrameWriter}. Generic over
 * any subscription field: it runs what graphql-js's `subscribe` runs (createSourceEventStream, then
 * execute with the event as root value), once for all members.
 */
export class SubscriptionCohort {
  private readonly members = new Set<Member>();
  private stream: AsyncIterator<unknown> | undefined;
  private closed = false;
  /** Resolves once the source stream exists: undefined, or the result that refused it (an error result every joiner gets). */
  readonly ready: Promise<ExecutionResult | undefined>;

  constructor(
    private readonly args: ExecutionArgs,
    private readonly deps: CohortDeps,
    private readonly label: string,
    /** Called once when the cohort ends (last member left, source ended or failed). */
    private readonly onClose: () => void,
    /** Aborted when the cohort ends: the signal of the cohort's context. */
    private readonly abort: AbortController,
  ) {
    this.ready = this.start();
  }

  /** Whether the cohort ended; a new subscriber must start a new one. */
  get isClosed(): boolean {
    return this.closed;
  }

  get size(): number {
    return this.members.size;
  }

  /** Adds a subscriber; its stream ends when it returns (client `complete`, socket closed) or the cohort ends. */
  join(socket: WebSocket, id: string): MemberStream {
    const member: Member = { socket, operationId: id, operation: this.label, prefix: nextFramePrefix(id) };
    this.members.add(member);
    const done = (): IteratorResult<ExecutionResult, void> => ({ value: undefined, done: true });
    const stream: MemberStream = {
      next: () =>
        new Promise((resolve, reject) => {
          if (member.end) return member.end.error === undefined ? resolve(done()) : reject(member.end.error);
          member.waiter = { resolve, reject };
        }),
      return: () => {
        this.leave(member);
        member.end ??= {};
        member.waiter?.resolve(done());
        member.waiter = undefined;
        return Promise.resolve(done());
      },
      throw: (error: unknown) => stream.return().then(() => Promise.reject(error)),
      [Symbol.asyncIterator]: () => stream,
    };
    return stream;
  }

  private async start(): Promise<ExecutionResult | undefined> {
    let source: Awaited<ReturnType<typeof createSourceEventStream>>;
    try {
      source = await createSourceEventStream(this.args);
    } catch (error) {
      this.close();
      throw error;
    }
    if (!(Symbol.asyncIterator in source)) {
      this.close();
      return source;
    }
    this.stream = source[Symbol.asyncIterator]();
    // Every member left while the source was being created: close() could not end it then.
    if (this.closed) void this.stream.return?.();
    else void this.run(this.stream);
    return undefined;
  }

  private async run(stream: AsyncIterator<unknown>): Promise<void> {
    let failure: { error?: unknown } = {};
    try {
      for (;;) {
        const event = await stream.next();
        if (event.done || this.closed) break;
        const result = await execute({ ...this.args, rootValue: event.value });
        this.deps.onExecution?.();
        const payload = JSON.stringify(this.deps.formatResult?.(result, this.args.contextValue) ?? result);
        const receivedAtMs = receivedAtOf(event.value);
        for (const member of this.members) this.deps.writer.write(member.socket, `${member.prefix}${payload}}`, member, receivedAtMs);
      }
    } catch (error) {
      // e.g. SubscriberTooSlowError: every member's stream fails with it, and the socket layer drops them (4008).
      failure = { error };
    }
    for (const member of this.members) {
      member.end = failure;
      const waiter = member.waiter;
      member.waiter = undefined;
      if (failure.error === undefined) waiter?.resolve({ value: undefined, done: true });
      else waiter?.reject(failure.error);
    }
    this.members.clear();
    this.close();
  }

  private leave(member: Member): void {
    if (!this.members.delete(member) || this.members.size > 0) return;
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    void this.stream?.return?.();
    this.onClose();
  }
}
