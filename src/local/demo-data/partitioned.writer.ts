import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { RecordSource } from '../../domain/records';
import { deliveryFile, type DemoCompression } from './firehose-naming';
import type { RecordSink } from './record-sink';
import { DAY_MS, partitionPathOfDay, utcDayNumber } from './time.format';

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
/** A delivery file stays open this long on the simulation clock (Firehose flushes at least every 900 s; an hour keeps file counts sane). */
const DELIVERY_WINDOW_MS = 60 * 60 * 1000;

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
  /** What separates records in this file. */
  readonly delimiter: '\n' | '';
  /** Simulation time the file was opened (its delivery time), epoch ms. */
  readonly openedAtMs: number;
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
 * Writes records into `<root>/<source>/year=YYYY/month=MM/day=DD/<Firehose object name>`, one buffered
 * stream per open partition, named and compressed as Firehose delivers (see {@link deliveryFile}).
 * A delivery file stays open for an hour of simulation time and at most 128 MiB of JSON; partitions
 * two days behind the simulation clock are closed, and a record that still arrives for a closed
 * partition opens the next file there (as a late Firehose delivery would). Names depend only on the
 * simulation (write order and simulated time), never on the wall clock or randomness.
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

  /** The simulation clock as last reported by {@link advanceTo}, epoch ms. */
  private clockMs = 0;

  /**
   * @param root folder that receives `<source>/year=…/month=…/day=…/<files>`.
   * @param compression how files are compressed and named; see {@link DemoCompression}.
   * @param maxPartChars characters per file before the next one starts; default 128 MiB.
   * @param deliveryWindowMs simulation time a file stays open; default one hour.
   */
  constructor(
    private readonly root: string,
    private readonly compression: DemoCompression,
    private readonly maxPartChars: number = MAX_PART_CHARS,
    private readonly deliveryWindowMs: number = DELIVERY_WINDOW_MS,
  ) {}

  write(source: RecordSource, dayNumber: number, line: string): void {
    if (this.failure !== undefined) throw this.failure;
    const key = `${source}/${dayNumber}`;
    const partition = this.open.get(key) ?? this.openPartition(source, dayNumber, key);
    partition.chunks.push(line, partition.delimiter);
    partition.chars += line.length + partition.delimiter.length;
    this.pendingChars += line.length + partition.delimiter.length;
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
    this.clockMs = Math.max(this.clockMs, nowMs);
    const oldestOpenDay = utcDayNumber(nowMs) - KEEP_OPEN_DAYS;
    for (const [key, partition] of this.open) {
      if (partition.dayNumber < oldestOpenDay || nowMs - partition.openedAtMs >= this.deliveryWindowMs) this.closePartition(key, partition);
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
    // Delivered no earlier than the partition's day starts (the clock starts before the first record).
    const openedAtMs = Math.max(this.clockMs, dayNumber * DAY_MS);
    const delivery = deliveryFile(this.compression, source, dayNumber, part, openedAtMs);
    const file = fs.createWriteStream(path.join(directory, delivery.fileName), { highWaterMark: HIGH_WATER_MARK });
    file.on('error', (error) => (this.failure ??= error));
    let head: Writable = file;
    if (delivery.gzip) {
      // zlib streams take the Transform options too (typed ZlibOptions omits them).
      const gzip = zlib.createGzip({ level: GZIP_LEVEL, highWaterMark: HIGH_WATER_MARK } as zlib.ZlibOptions);
      gzip.on('error', (error) => (this.failure ??= error));
      gzip.pipe(file);
      head = gzip;
    }
    const partition: OpenPartition = { source, dayNumber, file, head, delimiter: delivery.delimiter, openedAtMs, chunks: [], chars: 0, writtenChars: 0, draining: null };
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
