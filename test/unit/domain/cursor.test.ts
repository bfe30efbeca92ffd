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
      expect((e as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
