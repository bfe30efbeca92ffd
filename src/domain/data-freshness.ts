import type { RecordSource } from './records/record-source';
import { HOUR_MS } from './time';
import type { TimeRange } from './time-range';

/**
 * The freshness watermark of GraphQL answers (`extensions.dataAsOf`), modelled on the Genesys
 * analytics API's `dataAvailabilityDate`: per source an answer read, how far its data goes, and
 * whether the time range the answer read can still change. Pure: the clock is an argument.
 */

/** Live sources (DynamoDB, kept current from the event streams): always current, no watermark. */
export type LiveSource = 'agentState' | 'queueLive';

/**
 * The newest data of one history source within the caller's instance scope: the newest UTC day
 * partition that holds a record, and the newest partition-key timestamp in it. Both null when the
 * probed partitions hold none.
 */
export interface SourceWatermark {
  /** UTC day `YYYY-MM-DD`. */
  readonly newestPartition: string | null;
  /** The newest record's partition-key timestamp (CTR: InitiationTimestamp; AE: EventTimestamp …). */
  readonly newestRecordTime: Date | null;
}

/** One history read of an answer: the sources a statement read and the instants its data comes from. */
export interface HistoryRead {
  readonly sources: readonly RecordSource[];
  /** The range the statement reads (the request's range widened by the partition margins); absent for lookups by id. */
  readonly range?: TimeRange;
}

/** Settings of the completeness rule. */
export interface CompletenessRule {
  /** The longest a contact lasts, ms: a contact initiated this long before the newest CTR has ended, so its CTR was delivered. */
  readonly contactMaxDurationMs: number;
}

/** The default longest contact: 24 h, the one-day look-back the partition planner uses for contacts ending later. */
export const DEFAULT_CONTACT_MAX_DURATION_HOURS = 24;

/** The rule with {@link DEFAULT_CONTACT_MAX_DURATION_HOURS}. */
export const DEFAULT_COMPLETENESS_RULE: CompletenessRule = Object.freeze({ contactMaxDurationMs: DEFAULT_CONTACT_MAX_DURATION_HOURS * HOUR_MS });

/**
 * The instant before which a source's data is complete, or null when unknown.
 * - CTR: a CTR is written when its contact ends, so every contact initiated more than the longest
 *   contact before the newest CTR seen has ended and been delivered: newest record time −
 *   contactMaxDuration; `now` − contactMaxDuration when no CTR is seen.
 * - Other sources: their records are delivered in time order (Firehose buffers about a minute), so
 *   the newest record time seen; null (unknown: nothing seen) when there is none.
 * Derived from the data, not from `now` (except for a source with no data), so a cached answer's
 * watermark stays right for the cache entry's life. Watermarks read only partitions up to today,
 * so a record time is never far in the future.
 */
export function completeBeforeOf(source: RecordSource, watermark: SourceWatermark | undefined, now: Date, rule: CompletenessRule = DEFAULT_COMPLETENESS_RULE): Date | null {
  const newestMs = watermark?.newestRecordTime?.getTime();
  if (source === 'ctr') return new Date((newestMs ?? now.getTime()) - rule.contactMaxDurationMs);
  return newestMs === undefined ? null : new Date(newestMs);
}

/**
 * Whether a range read from `sources` can no longer change: its end is at or before the
 * completeBefore point of every source (see {@link completeBeforeOf}). A range whose end is after it —
 * e.g. any range touching today — is open. Without a range (a lookup by id) the answer is open.
 */
export function isRangeComplete(
  range: TimeRange | undefined,
  sources: readonly RecordSource[],
  watermarks: ReadonlyMap<RecordSource, SourceWatermark>,
  now: Date,
  rule: CompletenessRule = DEFAULT_COMPLETENESS_RULE,
): boolean {
  return openMsOf(range, sources, watermarks, now, rule) <= 0;
}

/** How far (ms) the range's end is after its sources' completeBefore point; +Infinity when unknown. */
function openMsOf(range: TimeRange | undefined, sources: readonly RecordSource[], watermarks: ReadonlyMap<RecordSource, SourceWatermark>, now: Date, rule: CompletenessRule): number {
  if (range === undefined) return Number.POSITIVE_INFINITY;
  let open = Number.NEGATIVE_INFINITY;
  for (const source of sources) {
    const before = completeBeforeOf(source, watermarks.get(source), now, rule);
    if (before === null) return Number.POSITIVE_INFINITY;
    open = Math.max(open, range.to.getTime() - before.getTime());
  }
  return open;
}

/** A history source's entry of `extensions.dataAsOf.sources` (JSON: ISO instants, UTC days). */
export interface HistorySourceAsOf {
  readonly newestRecordTime: string | null;
  readonly newestPartition: string | null;
  /** CTR only: contacts initiated before this instant have all ended and been delivered. */
  readonly completeBefore?: string;
  /** Set when the watermark could not be read (engine unavailable); the other fields are then null. */
  readonly unavailable?: true;
}

/** A live source's entry of `extensions.dataAsOf.sources`. */
export interface LiveSourceAsOf {
  readonly live: true;
}

/** `extensions.dataAsOf`: what the answer read and how fresh it is. */
export interface DataAsOf {
  /** Per source read: history sources by folder name (`ctr`, `ae`, `cfl`, `cl`, `ef`), live sources by name (`agentState`, `queueLive`). */
  readonly sources: Record<string, HistorySourceAsOf | LiveSourceAsOf>;
  /** When the answer read history: false when a range it read is still open (more data may arrive), true otherwise. */
  readonly complete?: boolean;
  /** When the answer read history: the least complete range it read (ISO instants); absent for lookups by id alone. */
  readonly range?: { readonly from: string; readonly to: string };
}

/**
 * Builds `extensions.dataAsOf` from what one answer read and the watermarks of its history sources.
 * `complete` is the conjunction over every read; `range` is the read that is furthest from complete
 * (of equally complete reads, the one ending last).
 * @param unavailable - history sources whose watermark could not be read.
 */
export function buildDataAsOf(
  reads: readonly HistoryRead[],
  live: ReadonlySet<LiveSource>,
  watermarks: ReadonlyMap<RecordSource, SourceWatermark>,
  now: Date,
  rule: CompletenessRule = DEFAULT_COMPLETENESS_RULE,
  unavailable: ReadonlySet<RecordSource> = new Set(),
): DataAsOf {
  const sources: Record<string, HistorySourceAsOf | LiveSourceAsOf> = {};
  const read = [...new Set(reads.flatMap((r) => r.sources))].sort();
  for (const source of read) {
    const watermark = watermarks.get(source);
    const entry: HistorySourceAsOf = {
      newestRecordTime: watermark?.newestRecordTime?.toISOString() ?? null,
      newestPartition: watermark?.newestPartition ?? null,
      ...(source === 'ctr' && !unavailable.has(source) ? { completeBefore: completeBeforeOf(source, watermark, now, rule)!.toISOString() } : {}),
      ...(unavailable.has(source) ? { unavailable: true as const } : {}),
    };
    sources[source] = entry;
  }
  for (const source of [...live].sort()) sources[source] = { live: true };
  if (reads.length === 0) return { sources };
  // Unavailable watermarks count as unknown: the answer is not claimed complete.
  const known = new Map([...watermarks].filter(([source]) => !unavailable.has(source)));
  let least: { read: HistoryRead; openMs: number } | undefined;
  for (const r of reads) {
    const openMs = r.sources.some((s) => unavailable.has(s)) ? Number.POSITIVE_INFINITY : openMsOf(r.range, r.sources, known, now, rule);
    const later = (r.range?.to.getTime() ?? Infinity) > (least?.read.range?.to.getTime() ?? Infinity);
    if (least === undefined || openMs > least.openMs || (openMs === least.openMs && later)) least = { read: r, openMs };
  }
  const range = least!.read.range;
  return { sources, complete: least!.openMs <= 0, ...(range ? { range: { from: range.from.toISOString(), to: range.to.toISOString() } } : {}) };
}
