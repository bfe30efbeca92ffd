import { BoundedQueue, SubscriberTooSlowError } from '../../../src/realtime/bounded-queue';
import { createAppPubSub } from '../../../src/realtime/pubsub';
import { Topic, type AgentStateChangedPayload } from '../../../src/realtime/topics';

async function take<T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> {
  const values: T[] = [];
  for (let i = 0; i < n; i++) {
    const result = await iterator.next();
    if (result.done) break;
    values.push(result.value);
  }
  return values;
}

describe('BoundedQueue', () => {
  it('hands values over in order, to a consumer already waiting or later', async () => {
    const queue = new BoundedQueue<number>({ capacity: 3 });
    const waiting = queue.next();
    expect(queue.push(1)).toBe(true);
    expect(await waiting).toEqual({ value: 1, done: false });
    queue.push(2);
    queue.push(3);
    expect(queue.pending).toBe(2);
    expect(await take(queue, 2)).toEqual([2, 3]);
  });

  it('keeps order across a long backlog (no shift: compacts as it drains)', async () => {
    const queue = new BoundedQueue<number>({ capacity: 10_000 });
    for (let i = 0; i < 10_000; i++) queue.push(i);
    const values = await take(queue, 6_000);
    for (let i = 0; i < 4_000; i++) queue.push(10_000 + i);
    values.push(...(await take(queue, 8_000)));
    expect(values).toEqual(Array.from({ length: 14_000 }, (_, i) => i));
    expect(queue.pending).toBe(0);
  });

  it('on the value after a full queue: drops the backlog, ends once, and the consumer gets SubscriberTooSlowError, then done', async () => {
    const onEnd = jest.fn();
    const queue = new BoundedQueue<number>({ capacity: 3, onEnd });
    expect([1, 2, 3].map((v) => queue.push(v))).toEqual([true, true, true]);

    expect(queue.push(4)).toBe(false);
    expect(queue.push(5)).toBe(false);
    expect(queue.pending).toBe(0);
    expect(queue.done).toBe(true);
    expect(onEnd).toHaveBeenCalledTimes(1);

    const error = await queue.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubscriberTooSlowError);
    expect(error).toMatchObject({ code: 'SUBSCRIBER_TOO_SLOW', pendingChanges: 4, message: 'subscriber too slow: 4 pending changes; reconnect' });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('return() releases a waiting consumer, ends the queue once and ignores later values', async () => {
    const onEnd = jest.fn();
    const queue = new BoundedQueue<string>({ capacity: 2, onEnd });
    const waiting = queue.next();
    await queue.return();
    await queue.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(queue.push('late')).toBe(false);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new BoundedQueue({ capacity: 0 })).toThrow(RangeError);
  });
});

describe('createAppPubSub (in-process)', () => {
  const change = (i: number) => ({ state: { username: `agent-${i}` }, before: null }) as unknown as AgentStateChangedPayload;

  it('never throws on publish, however far a subscriber is behind: that subscription ends with SubscriberTooSlowError, a reading one gets everything', async () => {
    const pubSub = await createAppPubSub({ maxPendingChanges: 1_000 });
    const stalled = pubSub.pubSub.subscribe(Topic.AgentStateChanged)[Symbol.asyncIterator]();
    const reading = pubSub.pubSub.subscribe(Topic.AgentStateChanged)[Symbol.asyncIterator]();
    const received: unknown[] = [];
    const reader = (async () => {
      for (let i = 0; i < 5_000; i++) received.push((await reading.next()).value);
    })();

    // In bursts of 500 (one ingest's publishes are synchronous), with the reader draining in between.
    for (let burst = 0; burst < 10; burst++) {
      expect(() => {
        for (let i = 0; i < 500; i++) pubSub.publishAgentStateChanged(change(burst * 500 + i));
      }).not.toThrow();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reader;

    expect(received).toHaveLength(5_000);
    expect(received[4_999]).toEqual(change(4_999));
    await expect(stalled.next()).rejects.toBeInstanceOf(SubscriberTooSlowError);
    await reading.return?.();
    await pubSub.close();
  });
});
