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
 * subscriptions of one change), on the next turn. A write never waits for the client, and work per
 * turn stays bounded: at most about a quarter of `maxBufferedBytes` is written to one socket per turn,
 * the rest waits for the next turn, so a burst reaches a reading client as the network drains. A
 * socket holding more than `maxBufferedBytes` unsent after a batch is reported (`onOverflow`: close
 * it with 4008) and its waiting frames are dropped.
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
    this.schedule();
  }

  /** Writes the queued frames of every socket (up to the per-turn budget of each). */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    for (const [socket, queued] of batch) {
      if (socket.readyState !== socket.OPEN) continue;
      const count = this.writeSome(socket, queued);
      if (socket.bufferedAmount > this.options.maxBufferedBytes) this.options.onOverflow(socket, socket.bufferedAmount, queued.owner);
      else if (count < queued.frames.length) this.requeue(socket, queued, count);
    }
  }

  /** Writes frames of `queued` until about `maxBufferedBytes` went out; returns how many. */
  private writeSome(socket: WebSocket, queued: PendingFrames): number {
    // ws keeps its net.Socket private; corking it makes the frames of this flush one write. Without it, each send is its own write.
    const raw = (socket as unknown as { _socket?: Socket })._socket;
    raw?.cork();
    let count = 0;
    let bytes = 0;
    const budget = this.options.maxBufferedBytes / 4;
    while (count < queued.frames.length && bytes < budget) {
      const frame = queued.frames[count]!;
      socket.send(frame);
      bytes += frame.length;
      count++;
    }
    raw?.uncork();
    if (this.options.onWritten) {
      const now = performance.now();
      const latencies: number[] = [];
      for (let i = 0; i < count; i++) {
        const at = queued.receivedAtMs[i]!;
        if (!Number.isNaN(at)) latencies.push((now - at) / 1000);
      }
      this.options.onWritten(count, latencies);
    }
    return count;
  }

  /** Puts the frames not written this turn ahead of any queued since. */
  private requeue(socket: WebSocket, queued: PendingFrames, written: number): void {
    const newer = this.pending.get(socket);
    const rest: PendingFrames = {
      frames: queued.frames.slice(written).concat(newer?.frames ?? []),
      receivedAtMs: queued.receivedAtMs.slice(written).concat(newer?.receivedAtMs ?? []),
      owner: newer?.owner ?? queued.owner,
    };
    this.pending.set(socket, rest);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
