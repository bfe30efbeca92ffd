/**
 * When this process received each published change from the pub/sub (in-process publish, or the
 * Redis message), kept beside the payload object rather than in it: payloads keep their shape (and
 * their Redis wire format), and a payload nobody holds any more is forgotten with it. The WebSocket
 * layer reads it to observe push latency (change received → frame written).
 */
const receivedAtMs = new WeakMap<object, number>();

/** Records that `payload` was received now (`performance.now()` ms); primitives carry no time. */
export function stampReceived(payload: unknown): void {
  if (typeof payload === 'object' && payload !== null) receivedAtMs.set(payload, performance.now());
}

/** When `payload` was received (`performance.now()` ms), or undefined for a payload not stamped. */
export function receivedAtOf(payload: unknown): number | undefined {
  return typeof payload === 'object' && payload !== null ? receivedAtMs.get(payload) : undefined;
}
