/**
 * Decoding of Kinesis record payloads (`record.kinesis.data`, base64 as Lambda delivers it).
 * `Buffer.from(text, 'base64')` silently skips characters outside the alphabet, so a corrupted
 * payload would decode to different bytes instead of failing; this checks the text first.
 */

/** Canonical base64 with padding, as Lambda encodes Kinesis data. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The decoded bytes, or why the text is not base64. */
export type KinesisDataDecoding = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: string };

/** Decodes `record.kinesis.data`; never throws. */
export function decodeKinesisData(data: string): KinesisDataDecoding {
  if (!BASE64.test(data)) return { ok: false, reason: 'kinesis data is not valid base64' };
  return { ok: true, bytes: Buffer.from(data, 'base64') };
}
