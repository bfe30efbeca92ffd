import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { FileVerdict } from './file-verdict';

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const PARQUET_MAGIC = 'PAR1';
const HEAD_BYTES = 4096;
const TAIL_BYTES = 256;

/**
 * True for names that are obviously not data whatever they hold: hidden files, Hadoop/Spark markers
 * (`_SUCCESS`, `_committed_*`, anything starting with `_`), checksum side files (`*.crc`) and the S3
 * console's folder placeholders (`*_$folder$`). Every other name is data: Firehose objects usually
 * have no extension at all.
 */
export function isMarkerName(fileName: string): boolean {
  return fileName.startsWith('.') || fileName.startsWith('_') || fileName.endsWith('.crc') || fileName.endsWith('_$folder$');
}

/** Whitespace JSON allows between values, plus the UTF-8 byte order mark some writers put first. */
function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0xef || byte === 0xbb || byte === 0xbf;
}

/** The first non-whitespace byte of a buffer, or undefined. */
function firstSignificant(bytes: Uint8Array): number | undefined {
  for (const b of bytes) if (!isJsonSpace(b)) return b;
  return undefined;
}

/** The last non-whitespace byte of a buffer, or undefined. */
function lastSignificant(bytes: Uint8Array): number | undefined {
  for (let i = bytes.length - 1; i >= 0; i--) if (!isJsonSpace(bytes[i])) return bytes[i];
  return undefined;
}

const OPENS_JSON = new Set([0x7b /* { */, 0x5b /* [ */]);
const CLOSES_JSON = new Set([0x7d /* } */, 0x5d /* ] */]);

async function readRange(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * Reads a whole gzip stream (every member) and returns the first and last significant bytes of what
 * it decompresses to. Throws when the stream is cut short or fails its checksum. Decompression runs on
 * libuv's thread pool, so the event loop stays free; memory stays at one chunk.
 */
async function scanGzip(filePath: string): Promise<{ first?: number; last?: number; bytes: number }> {
  let first: number | undefined;
  let last: number | undefined;
  let bytes = 0;
  await pipeline(
    fs.createReadStream(filePath, { highWaterMark: 1 << 20 }),
    zlib.createGunzip({ chunkSize: 1 << 20 }),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (first === undefined) first = firstSignificant(chunk);
        last = lastSignificant(chunk) ?? last;
        done();
      },
    }),
  );
  return { first, last, bytes };
}

/**
 * Decides what one file holds by its bytes: gzip by its magic bytes (then the whole stream is read once
 * to prove it is complete), Parquet by `PAR1` at both ends, JSON by its first significant character.
 * A JSON file whose last significant character does not close a value has a cut-off last record: it
 * stays readable, flagged `partialRecord`. Never throws: an unreadable file is a verdict.
 * @param filePath - absolute path of a regular file.
 * @param sizeBytes - its size from `stat` (zero-byte files are markers).
 */
export async function sniffFile(filePath: string, sizeBytes: number): Promise<FileVerdict> {
  if (isMarkerName(path.basename(filePath))) return { readable: false, reason: 'not-data', detail: 'marker or hidden file' };
  if (sizeBytes === 0) return { readable: false, reason: 'not-data', detail: 'zero-byte file' };
  let head: Buffer;
  let tail: Buffer;
  try {
    const handle = await fs.promises.open(filePath, 'r');
    try {
      head = await readRange(handle, 0, Math.min(HEAD_BYTES, sizeBytes));
      tail = await readRange(handle, Math.max(0, sizeBytes - TAIL_BYTES), Math.min(TAIL_BYTES, sizeBytes));
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { readable: false, reason: 'unreadable', detail: (error as Error).message };
  }
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) {
    try {
      const { first, last, bytes } = await scanGzip(filePath);
      if (bytes === 0 || first === undefined) return { readable: false, reason: 'not-data', detail: 'gzip of nothing' };
      if (!OPENS_JSON.has(first)) return { readable: false, reason: 'not-json', detail: 'gzip whose content is not JSON' };
      return { readable: true, content: 'json-gzip', partialRecord: last === undefined || !CLOSES_JSON.has(last) };
    } catch (error) {
      return { readable: false, reason: 'corrupt-gzip', detail: (error as Error).message };
    }
  }
  if (head.subarray(0, 4).toString('latin1') === PARQUET_MAGIC) {
    if (tail.subarray(tail.length - 4).toString('latin1') !== PARQUET_MAGIC) {
      return { readable: false, reason: 'corrupt-parquet', detail: 'no Parquet footer (file cut short)' };
    }
    return { readable: true, content: 'parquet', partialRecord: false };
  }
  const first = firstSignificant(head);
  if (first === undefined && sizeBytes <= HEAD_BYTES) return { readable: false, reason: 'not-data', detail: 'only whitespace' };
  if (first === undefined || !OPENS_JSON.has(first)) return { readable: false, reason: 'not-json', detail: 'content is not JSON, gzip or Parquet' };
  const last = lastSignificant(tail);
  return { readable: true, content: 'json', partialRecord: last === undefined || !CLOSES_JSON.has(last) };
}
