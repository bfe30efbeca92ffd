import type { WebSocket } from 'ws';
import { FrameWriter, type FrameOwner } from '../../../../src/server/ws/frame-writer';

/** A socket double recording sends and corks; `drain` sets what it still holds unsent. */
function fakeSocket() {
  const events: string[] = [];
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (frame: string) => {
      events.push(`send ${frame}`);
      socket.bufferedAmount += frame.length;
    },
    _socket: { cork: () => events.push('cork'), uncork: () => events.push('uncork') },
  };
  return { socket, ws: socket as unknown as WebSocket, events };
}

const owner = (id: string): FrameOwner => ({ operationId: id, operation: 'agentStateChanged' });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('FrameWriter', () => {
  it('writes the frames queued in one turn together on the next, corked once per socket, and reports their latency', async () => {
    const written: [number, number][] = [];
    const writer = new FrameWriter({ maxBufferedBytes: 1_000_000, onOverflow: () => undefined, onWritten: (frames, latencies) => written.push([frames, latencies.length]) });
    const a = fakeSocket();
    const b = fakeSocket();
    writer.write(a.ws, 'a1', owner('1'), performance.now());
    writer.write(b.ws, 'b1', owner('2'), performance.now());
    writer.write(a.ws, 'a2', owner('3'));
    expect(a.events).toEqual([]);
    await nextTurn();
    expect(a.events).toEqual(['cork', 'send a1', 'send a2', 'uncork']);
    expect(b.events).toEqual(['cork', 'send b1', 'uncork']);
    // Two frames on a (one with a receipt time), one on b.
    expect(written).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it('writes at most a quarter of the buffer cap per socket per turn; the rest follows on the next turns, in order', async () => {
    const writer = new FrameWriter({ maxBufferedBytes: 400, onOverflow: () => undefined });
    const a = fakeSocket();
    for (let i = 0; i < 4; i++) writer.write(a.ws, `${i}`.repeat(60), owner(String(i)));
    await nextTurn();
    expect(a.events.filter((e) => e.startsWith('send'))).toHaveLength(2);
    a.socket.bufferedAmount = 0; // the client read it
    await nextTurn();
    expect(a.events.filter((e) => e.startsWith('send')).map((e) => e[5])).toEqual(['0', '1', '2', '3']);
  });

  it('reports a socket left with more than the cap unsent after a batch, with the subscription of its last frame, and drops its waiting frames', async () => {
    const overflows: [number, FrameOwner][] = [];
    const writer = new FrameWriter({ maxBufferedBytes: 100, onOverflow: (_socket, bytes, last) => overflows.push([bytes, last]) });
    const a = fakeSocket();
    a.socket.bufferedAmount = 90; // a client that stopped reading
    writer.write(a.ws, 'x'.repeat(20), owner('7'));
    writer.write(a.ws, 'y'.repeat(20), owner('8'));
    writer.write(a.ws, 'z'.repeat(20), owner('9'));
    await nextTurn();
    // The turn's budget (25 bytes) took two frames: 130 bytes unsent.
    expect(overflows).toEqual([[130, owner('9')]]);
    a.socket.readyState = 2; // closing with 4008
    await nextTurn();
    await nextTurn();
    expect(a.events.filter((e) => e.startsWith('send'))).toHaveLength(2);
    expect(overflows).toHaveLength(1);
  });
});
