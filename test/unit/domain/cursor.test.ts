import { decodeCursor, encodeCursor } from '../../../src/domain/cursor';

describe('keyset cursors', () => {
  it('round-trips a position', () => {
    const cursor = encodeCursor('contact', ['2026-11-20T10:00:00.000Z', 'abc']);
    expect(decodeCursor('contact', cursor, 2)).toEqual(['2026-11-20T10:00:00.000Z', 'abc']);
  });

  it('rejects a cursor of another list', () => {
    const cursor = encodeCursor('agent', ['x', 'y']);
    expect(() => decodeCursor('contact', cursor, 2)).toThrow(/'after' is not a cursor returned by this list/);
  });

  it('rejects garbage with BAD_USER_INPUT', () => {
    try {
      decodeCursor('contact', 'not-a-cursor', 2);
      throw new Error('expected a throw');
    } catch (e) {
      expect((e as { code: string }).code).toBe('BAD_USER_INPUT');
    }
  });

  it('checks each field against the shape: a forged or fuzzed instant is BAD_USER_INPUT, never an invalid date further on', () => {
    const shape = ['instant', 'string'] as const;
    expect(decodeCursor('contact', encodeCursor('contact', ['2026-11-20T10:00:00.000Z', 'abc']), shape)).toEqual(['2026-11-20T10:00:00.000Z', 'abc']);
    const forged = (position: unknown[]) => Buffer.from(JSON.stringify(['contact', ...position]), 'utf8').toString('base64url');
    for (const cursor of [
      forged(['not-a-date', 'abc']),
      forged(['2026-13-45T99:00:00.000Z', 'abc']),
      forged(['+275761-01-01T00:00:00.000Z', 'abc']),
      forged([1_700_000_000_000, 'abc']),
      forged(['2026-11-20T10:00:00.000Z', 7]),
      forged(['2026-11-20T10:00:00.000Z', 'abc', 'extra']),
      forged([null, 'abc']),
      Buffer.from('\u0000junk').toString('base64'),
    ]) {
      expect(() => decodeCursor('contact', cursor, shape)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', data: { argument: 'after' } }));
    }
  });
});
