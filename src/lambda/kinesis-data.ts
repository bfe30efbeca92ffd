/**
 * Decoding of Kinesis record payloads (`record.kinesis.data`, base64 as Lambda delivers it).
 * `Buffer.from(text, 'base64')` silently skips characters outside the alphabet (and stops at a `=`
 * inside the text), so a corrupted payload would decode to different bytes instead of failing.
 * Every such text decodes to fewer bytes than its length promises, so comparing the two lengths
 * finds it, after the one native decode the payload needs anyway: a regular expression over the
 * text cost as much CPU as the rest of the decoding (an agent event is ~2.3 KB of base64).
 */

/** The decoded bytes, or why the text is not base64. */
export type KinesisDataDecoding = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: string };

const NOT_BASE64: KinesisDataDecoding = { ok: false, reason: 'kinesis data is not valid base64' };

/** Trailing `=` padding characters (0, 1 or 2 in canonical base64). */
function paddingOf(data: string): number {
  if (!data.endsWith('=')) return 0;
  return data.endsWith('==') ? 2 : 1;
}

/**
 * Decodes `record.kinesis.data`, which must be canonical base64 with padding (the standard alphabet,
 * a multiple of 4 characters, `=` only at the end); never throws.
 */
export function decodeKinesisData(data: string): KinesisDataDecoding {
  if (data.length % 4 !== 0) return NOT_BASE64;
  const padding = paddingOf(data);
  const bytes = Buffer.from(data, 'base64');
  // A skipped character or an inner `=` leaves the output short; `-` and `_` (base64url) decode like `+` and `/`.
  if (bytes.length !== (data.length / 4) * 3 - padding || data.includes('-') || data.includes('_')) return NOT_BASE64;
  return { ok: true, bytes };
}
