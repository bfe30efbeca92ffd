import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Which subscription a frame belongs to (for the slow-subscriber log line). */
export interface FrameOwner {
  /** The graphql-ws operation id. */
  readonly operationId: string;
  /** `operationName (rootField)`, or the root field of an anonymous operation. */
  readonly operation: string;
}

/** Options of {@link FrameWriter}. */
export interface FrameWriterOptions {
  /** Unsent bytes a socket may hold after a flush; over it `onOverflow` is called (close it with 4008). */
  readonly maxBufferedBytes: number;
  /** A socket whose client reads slower than frames arrive; `owner` is the subscription of its last frame. */
  readonly onOverflow: (socket: WebSocket, bufferedBytes: number, owner: FrameOwner) => void;
  /** Told after each flush of a socket: frames written and, per frame with a known receipt time, its latency in seconds. */
  readonly onWritten?: (frames: number, latenciesSeconds: readonly number[]) => void;
}

interface PendingFrames {
  readonly frames: string[];
  /** `performance.now()` ms when the change of each frame was received; NaN when unknown. */
  readonly receivedAtMs: number[];
  owner: FrameOwner;
}

/**
 * Writes text frames to WebSockets in batches: frames queued during one turn of the event loop are
 * written together per socket, in one corked write (one syscall for a socket carrying many
 * subscriptions of one change), on the next turn. A write never waits for the client: after each
 * flush, a socket holding more than `maxBufferedBytes` unsent is reported (`onOverflow`) instead of
 * growing memory without bound.
 */
export class FrameWriter {
  private pending = new Map<WebSocket, PendingFrames>();
  private scheduled = false;

  constructor(private readonly options: FrameWriterOptions) {}

  /** Queues `frame` for `socket`; `receivedAtMs` is when the change it carries was received (for latency). */
  write(socket: WebSocket, frame: string, owner: FrameOwner, receivedAtMs = Number.NaN): void {
    let queued = this.pending.get(socket);
    if (!queued) {
      queued = { frames: [], receivedAtMs: [], owner };
      this.pending.set(socket, queued);
    }
    queued.frames.push(frame);
    queued.receivedAtMs.push(receivedAtMs);
    queued.owner = owner;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes every queued frame now. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    for (const [socket, queued] of batch) {
      if (socket.readyState !== socket.OPEN) continue;
      // ws keeps its net.Socket private; corking it makes the frames of this flush one write. Without it, each send is its own write.
      const raw = (socket as unknown as { _socket?: Socket })._socket;
      raw?.cork();
      for (const frame of queued.frames) socket.send(frame);
      raw?.uncork();
      if (this.options.onWritten) {
        const now = performance.now();
        const latencies: number[] = [];
        for (const at of queued.receivedAtMs) if (!Number.isNaN(at)) latencies.push((now - at) / 1000);
        this.options.onWritten(queued.frames.length, latencies);
      }
      if (socket.bufferedAmount > this.options.maxBufferedBytes) this.options.onOverflow(socket, socket.bufferedAmount, queued.owner);
    }
  }
}
