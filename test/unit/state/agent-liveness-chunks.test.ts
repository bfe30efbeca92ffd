import { livenessChunks, type LivenessEntry } from '../../../src/state/agent-liveness.log';

const uuid = (i: number): string => `${String(i).padStart(8, '0')}-1111-4222-8333-444444444444`;
// DynamoDB item size (developer guide, "Item sizes and formats"): attribute names and strings by UTF-8
// bytes, a number about (significant digits / 2) + 1 bytes, a map 3 bytes plus 1 byte per element.
const numberBytes = (n: number): number => Math.ceil(String(n).replace(/0+$/, '').length / 2) + 1;
const itemBytes = (keyBytes: number, chunk: readonly LivenessEntry[]): number =>
  keyBytes +
  'entity'.length +
  'liveness'.length +
  'expiresAt'.length +
  numberBytes(1_764_003_600) +
  'heard'.length +
  3 +
  chunk.reduce((sum, e) => sum + Buffer.byteLength(e.agentId) + (e.eventId === undefined ? numberBytes(e.heardAtMs) : Buffer.byteLength(`${e.heardAtMs}#${e.eventId}`)) + 1, 0);

describe('livenessChunks', () => {
  it('keeps each item under 1 KB (one write unit)', () => {
    // Half the heartbeats were their agent's newest event (stored with their EventId, a UUID too).
    const entries = Array.from({ length: 100 }, (_, i) => ({ agentId: uuid(i), heardAtMs: 1_764_000_000_000 + i, ...(i % 2 === 0 ? { eventId: uuid(1_000 + i) } : {}) }));
    const keyBytes = 'LIVENESS#arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e'.length + 39;
    const chunks = livenessChunks(entries, keyBytes);
    for (const chunk of chunks) expect(itemBytes(keyBytes, chunk)).toBeLessThanOrEqual(1024);
    // Full items: a 100-heartbeat batch of UUID agents needs few writes.
    expect(chunks.length).toBeLessThanOrEqual(10);
    expect(chunks.flat().map((e) => e.agentId).sort()).toEqual(entries.map((e) => e.agentId).sort());
  });

  it('lists an agent once, with its newest heartbeat (at equal times, the one naming its event)', () => {
    const chunks = livenessChunks(
      [
        { agentId: 'a', heardAtMs: 5 },
        { agentId: 'b', heardAtMs: 1, eventId: 'b-1' },
        { agentId: 'a', heardAtMs: 9 },
        { agentId: 'a', heardAtMs: 7, eventId: 'a-7' },
        { agentId: 'b', heardAtMs: 1 },
        { agentId: 'c', heardAtMs: 3 },
        { agentId: 'c', heardAtMs: 3, eventId: 'c-3' },
      ],
      100,
    );
    expect(chunks).toEqual([
      [
        { agentId: 'a', heardAtMs: 9 },
        { agentId: 'b', heardAtMs: 1, eventId: 'b-1' },
        { agentId: 'c', heardAtMs: 3, eventId: 'c-3' },
      ],
    ]);
  });

  it('gives no item for no heartbeat, and an item of its own to an agent id too long to share one', () => {
    expect(livenessChunks([], 100)).toEqual([]);
    const long = 'x'.repeat(900);
    expect(livenessChunks([{ agentId: 'a', heardAtMs: 1 }, { agentId: long, heardAtMs: 2 }], 100)).toEqual([[{ agentId: 'a', heardAtMs: 1 }], [{ agentId: long, heardAtMs: 2 }]]);
  });
});
