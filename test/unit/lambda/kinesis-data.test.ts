import fc from 'fast-check';
import { decodeKinesisData } from '../../../src/lambda/kinesis-data';

/** The definition the decoder implements: canonical base64 with padding, standard alphabet. */
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe('decodeKinesisData', () => {
  it('decodes base64 of every padding length to the encoded bytes', () => {
    for (const text of ['', 'a', 'ab', 'abc', '{"EventType":"HEART_BEAT"}']) {
      const data = Buffer.from(text, 'utf8').toString('base64');
      expect(decodeKinesisData(data)).toEqual({ ok: true, bytes: Buffer.from(text, 'utf8') });
    }
  });

  it.each([
    ['a character outside the alphabet', 'eyJBV1NBY2NvdW50SWQiOi*!'],
    ['a line break', 'eyJB\nV1NB'],
    ['a space', 'eyJB V1N'],
    ['padding inside the text', 'QQ==QUJD'],
    ['a = that is not at the end', 'QQ=A'],
    ['three padding characters', 'Q==='],
    ['missing padding', 'QUI'],
    ['base64url characters', 'ab-_'],
    ['a length that is not a multiple of 4', 'QUJDR'],
  ])('refuses %s instead of decoding other bytes', (_why, data) => {
    expect(decodeKinesisData(data)).toEqual({ ok: false, reason: 'kinesis data is not valid base64' });
  });

  it('accepts exactly the canonical base64 texts, and decodes them as Buffer does', () => {
    const alphabet = 'ABCDxyz0189+/=-_ *\n\u00e9'.split('');
    const mutated = fc
      .tuple(fc.uint8Array({ maxLength: 12 }), fc.nat(), fc.constantFrom(...alphabet))
      .map(([bytes, at, char]) => {
        const data = Buffer.from(bytes).toString('base64');
        const i = data.length === 0 ? 0 : at % data.length;
        return data.slice(0, i) + char + data.slice(i + 1);
      });
    const anyText = fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(mutated, anyText), (data) => {
        const decoded = decodeKinesisData(data);
        expect(decoded.ok).toBe(CANONICAL_BASE64.test(data));
        if (decoded.ok) expect(decoded.bytes.equals(Buffer.from(data, 'base64'))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
