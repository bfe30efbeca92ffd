import { closeReason } from '../../../src/server/graphql-ws.server';

describe('WebSocket close reasons', () => {
  it('are cut to the 123 bytes a close frame carries, at a character boundary', () => {
    expect(closeReason('Unauthorized: credential expired')).toBe('Unauthorized: credential expired');
    const long = closeReason(`Unauthorized: ${'x'.repeat(300)}`);
    expect(Buffer.byteLength(long)).toBe(123);
    const multibyte = closeReason(`Unauthorized: ${'…'.repeat(100)}`);
    expect(Buffer.byteLength(multibyte)).toBeLessThanOrEqual(123);
    expect(multibyte).toMatch(/^Unauthorized: …+$/);
  });
});
