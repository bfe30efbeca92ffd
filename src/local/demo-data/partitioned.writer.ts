import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { RecordSource } from '../../domain/records';
import type { RecordSink } from './record-sink';
import { partitionPathOfDay, utcDayNumber } from './time.format';

/** Characters buffered per partition before they are handed to its stream. */
const FLUSH_CHARS = 256 * 1024;
/** Characters buffered over all partitions before the producer is asked to wait. */
const MAX_PENDING_CHARS = 32 * 1024 * 1024;
/** Stream buffer size. */
const HIGH_WATER_MARK = 1024 * 1024;
/** gzip level: 6 is zlib's default; Firehose does not care. */
const GZIP_LEVEL = 6;
/** Partitions of days older than the clock's day minus this many days are closed (late records reopen them as a new part). */
const KEEP_OPEN_DAYS = 1;
/** A part file is closed and the next one opened past this many characters (Firehose's largest buffer is 128 MiB). */
const MAX_PART_CHARS = 128 * 1024 * 1024;

/**
 * Resolves when a stream that refused a write can take more: on 'drain', or when it ends or fails
 * (a part file closed while full never drains, and an unresolved wait would end the process silently).
 */
function writableAgain(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'finish', 'close', 'error'] as const) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'finish', 'close', 'error'] as const) stream.on(event, done);
  });
}

interface OpenPartition {
  readonly source: RecordSource;
  readonly dayNumber: number;
  readonly file: fs.WriteStream;
  readonly head: Writable;
  chunks: string[];
  chars: number;
  /** Characters handed to this part file so far. */
  writtenChars: number;
  /** Resolves when the stream drained after a write returned false (one waiter per partition). */
  draining: Promise<void> | null;
}

/** Files and bytes written per source. */
export interface WriterStats {
  readonly files: Record<RecordSource, number>;
  readonly bytes: Record<RecordSource, number>;
}

/**
 * Writes JSON lines into `<root>/<source>/year=YYYY/month=MM/day=DD/part-NNNNN.json[.gz]`, one
 * buffered stream per open partition. A part file holds at most 128 MiB of JSON (like a Firehose
 * delivery); partitions two days behind the simulation clock are closed, and a record that still
 * arrives for a closed partition opens the next part file there (as a late Firehose delivery would).
 * File names depend only on write order, never on time or randomness.
 */
export class PartitionedWriter implements RecordSink {
  private readonly open = new Map<string, OpenPartition>();
  private readonly nextPart = new Map<string, number>();
  private readonly closing: Promise<void>[] = [];
  private readonly pendingDrains = new Set<Promise<void>>();
  private pendingChars = 0;
  private failure: Error | undefined;
  readonly stats: WriterStats = {
    files: { ctr: 0, ae: 0, cfl: 0, cl: 0, ef: 0 },
    bytes: { ctr: 0, ae: 0, cfl: 0, cl: 0, ef: 0 },
  };

  /**
   * @param root folder that receives `<source>/year=…/month=…/day=…/part-NNNNN.json[.gz]`.
   * @param gzip gzip each part file.
   * @param maxPartChars characters per part file before the next one starts; default 128 MiB.
   */
  constructor(
    private readonly root: string,
    private readonly gzip: boolean,
    private readonly maxPartChars: number = MAX_PART_CHARS,
  ) {}

  write(source: RecordSource, dayNumber: number, line: string): void {
    if (this.failure !== undefined) throw this.failure;
    const key = `${source}/${dayNumber}`;
    const partition = this.open.get(key) ?? this.openPartition(source, dayNumber, key);
    partition.chunks.push(line, '\n');
    partition.chars += line.length + 1;
    this.pendingChars += line.length + 1;
    if (partition.chars >= Math.min(FLUSH_CHARS, this.maxPartChars)) {
      this.flushPartition(partition);
      if (partition.writtenChars >= this.maxPartChars) this.closePartition(key, partition);
    }
  }

  needsDrain(): boolean {
    return this.pendingDrains.size > 0 || this.pendingChars > MAX_PENDING_CHARS || this.failure !== undefined;
  }

  async drain(): Promise<void> {
    if (this.pendingChars > MAX_PENDING_CHARS) for (const partition of this.open.values()) this.flushPartition(partition);
    while (this.pendingDrains.size > 0) await Promise.all([...this.pendingDrains]);
    if (this.failure !== undefined) throw this.failure;
  }

  advanceTo(nowMs: number): void {
    const oldestOpenDay = utcDayNumber(nowMs) - KEEP_OPEN_DAYS;
    for (const [key, partition] of this.open) {
      if (partition.dayNumber < oldestOpenDay) this.closePartition(key, partition);
    }
  }

  /** Flushes and closes every file; resolves when all are on disk. */
  async close(): Promise<void> {
    for (const [key, partition] of this.open) this.closePartition(key, partition);
    await Promise.all(this.closing);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Closes every file without waiting for the data (after an error). */
  async destroy(): Promise<void> {
    for (const partition of this.open.values()) {
      partition.head.destroy();
      partition.file.destroy();
    }
    this.open.clear();
    await Promise.allSettled(this.closing);
  }

  private openPartition(source: RecordSource, dayNumber: number, key: string): OpenPartition {
    const part = this.nextPart.get(key) ?? 0;
    this.nextPart.set(key, part + 1);
    const directory = path.join(this.root, source, partitionPathOfDay(dayNumber));
    fs.mkdirSync(directory, { recursive: true });
    const fileName = `part-${String(part).padStart(5, '0')}.json${this.gzip ? '.gz' : ''}`;
    const file = fs.createWriteStream(path.join(directory, fileName), { highWaterMark: HIGH_WATER_MARK });
    file.on('error', (error) => (this.failure ??= error));
    let head: Writable = file;
    if (this.gzip) {
      // zlib streams take the Transform options too (typed ZlibOptions omits them).
      const gzip = zlib.createGzip({ level: GZIP_LEVEL, highWaterMark: HIGH_WATER_MARK } as zlib.ZlibOptions);
      gzip.on('error', (error) => (this.failure ??= error));
      gzip.pipe(file);
      head = gzip;
    }
    const partition: OpenPartition = { source, dayNumber, file, head, chunks: [], chars: 0, writtenChars: 0, draining: null };
    this.open.set(key, partition);
    this.stats.files[source]++;
    return partition;
  }

  private flushPartition(partition: OpenPartition): void {
    if (partition.chars === 0) return;
    const text = partition.chunks.join('');
    this.pendingChars -= partition.chars;
    partition.writtenChars += partition.chars;
    partition.chunks = [];
    partition.chars = 0;
    if (!partition.head.write(text) && partition.draining === null) {
      const drained = writableAgain(partition.head);
      partition.draining = drained;
      this.pendingDrains.add(drained);
      void drained.then(() => {
        this.pendingDrains.delete(drained);
        partition.draining = null;
      });
    }
  }

  private closePartition(key: string, partition: OpenPartition): void {
    this.flushPartition(partition);
    this.open.delete(key);
    const finished = new Promise<void>((resolve) => {
      partition.file.once('close', resolve);
      partition.file.once('error', () => resolve());
    }).then(() => {
      this.stats.bytes[partition.source] += partition.file.bytesWritten;
    });
    this.closing.push(finished);
    partition.head.end();
  }
}
